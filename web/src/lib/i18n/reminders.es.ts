import type { remindersEn } from './reminders.en';

/** UI strings of evening reminders (Spanish). */
export const remindersEs: Record<keyof typeof remindersEn, string> = {
  'remind.title': 'Recordatorios por la noche',
  'remind.lead':
    'Elige las noches y la hora en que estudias. Te enviamos entonces un recordatorio breve con lo que te toca: por correo, y también en este dispositivo si lo permites.',
  'remind.days': 'Noches',
  'remind.day.mon': 'Lunes',
  'remind.day.tue': 'Martes',
  'remind.day.wed': 'Miércoles',
  'remind.day.thu': 'Jueves',
  'remind.day.fri': 'Viernes',
  'remind.day.sat': 'Sábado',
  'remind.day.sun': 'Domingo',
  'remind.time': 'Hora',
  'remind.timeZone': 'Zona horaria',
  'remind.timeZoneHint':
    'Con el nombre IANA, por ejemplo America/New_York. Ya aparece la de tu navegador.',
  'remind.save': 'Guardar recordatorios',
  'remind.saved': 'Guardado. Los recordatorios llegan las noches que elegiste.',
  'remind.off': 'No elegiste ninguna noche: los recordatorios están desactivados.',
  'remind.offHint': 'Para desactivar los recordatorios, desmarca todas las noches y guarda.',
  'remind.pushTitle': 'En este dispositivo',
  'remind.pushOn': 'Activar notificaciones aquí',
  'remind.pushOff': 'Dejar de recibir notificaciones aquí',
  'remind.pushEnabled': 'Este dispositivo muestra tus recordatorios como notificaciones.',
  'remind.pushDevices':
    '{n, plural, =0 {Ningún dispositivo recibe notificaciones todavía.} one {# dispositivo recibe notificaciones.} other {# dispositivos reciben notificaciones.}}',
  'remind.pushDenied':
    'Las notificaciones de Kindred están bloqueadas en este navegador. Puedes permitirlas en la configuración del sitio; mientras tanto, los recordatorios llegan por correo.',
  'remind.pushUnsupported':
    'Este navegador no puede mostrar notificaciones de Kindred (algunos necesitan la app instalada o una dirección segura https). Los recordatorios llegan por correo.',
  'remind.pushServerOff':
    'Este servidor de Kindred no envía notificaciones; los recordatorios llegan por correo.',
  'remind.pushFailed':
    'No se pudieron activar las notificaciones aquí. Los recordatorios siguen llegando por correo.',
  'remind.notTonight': 'Esta noche no',
  'remind.skipDay': 'Saltar el recordatorio del {day}',
  'remind.skipping': 'No habrá recordatorio el {day}. La noche siguiente llega como siempre.',
  'remind.skipLead': 'Los recordatorios están activados los {days} a las {time}.',
};
