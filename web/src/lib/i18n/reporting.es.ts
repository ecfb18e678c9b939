import type { reportingEn } from './reporting.en';

/** UI strings of a program's reporting rules (Spanish); spread into es.ts. */
export const reportingEs: Record<keyof typeof reportingEn, string> = {
  'rules.link': 'Reglas para reportar',
  'rules.title': 'Reglas para reportar',
  'rules.lead':
    'Las personas voluntarias ven estas reglas en el módulo «Cuando tienes que compartir». Escribe lo que exige tu programa: quién reporta una sospecha de abuso o negligencia, a quién y en qué plazo. Revísalas con tu asesoría legal; la ley cambia según el estado.',
  'rules.state': 'Estado cuya ley de reporte se aplica',
  'rules.stateNone': 'Sin definir',
  'rules.route': 'Cómo se reporta, en palabras de tu programa',
  'rules.routeHint':
    'Por ejemplo: quién es informante obligatorio en tu programa, a qué línea se llama, si la supervisora participa en la llamada y el plazo.',
  'rules.save': 'Guardar las reglas',
  'rules.saved':
    'Guardado. Las personas voluntarias verán las reglas nuevas la próxima vez que abran el módulo.',
  'rules.updated': 'Último cambio: {date}',
  'rules.boxTitle': 'Las reglas de tu programa: {program}',
  'rules.boxState': 'Estado: {state}. Se aplica la ley de reporte de este estado.',
  'rules.boxEmpty':
    'Tu programa todavía no ha escrito aquí sus reglas para reportar. Pregunta a tu supervisor o supervisora antes de tu primer turno: ¿eres informante obligatorio y cómo se reporta?',
  'rules.boxNone':
    'Todavía no eres voluntario o voluntaria de un programa, así que no se pueden mostrar reglas. Pregunta a tu supervisor o supervisora cómo se reporta donde colaboras.',
};
