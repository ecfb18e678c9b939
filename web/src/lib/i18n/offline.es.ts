import type { offlineEn } from './offline.en';

/** UI strings of the offline app (natural US Spanish); spread into es.ts. */
export const offlineEs: Record<keyof typeof offlineEn, string> = {
  'offline.title': 'Estás sin conexión',
  'offline.lead':
    'Ahora no hay conexión. No se perdió nada: esto es lo que puedes hacer hasta que vuelva la señal.',
  'offline.keptHeading': 'Lee lo que guardaste en este teléfono',
  'offline.keptNone':
    'Todavía no hay nada guardado en este teléfono. La próxima vez que tengas conexión, abre un curso y toca “Guardar en este teléfono”.',
  'offline.breathe':
    'O toma un descanso: ponte de pie, toma agua, suelta el aire despacio. El curso seguirá aquí.',
  'offline.retry': 'Intentar de nuevo',
  'offline.supportHeading': 'Si necesitas hablar con alguien ahora',
  'install.title': 'Instala Kindred',
  'install.lead':
    'Pon Kindred en tu pantalla de inicio: se abre como una app, y los cursos que guardes funcionan sin señal.',
  'install.button': 'Instalar',
  'install.dismiss': 'Ahora no',
  'keep.heading': 'En este teléfono',
  'keep.lead':
    'Guarda este curso en tu teléfono para leer sus módulos y practicar sus simulaciones en el autobús o sin señal. Solo tú lo ves; al cerrar sesión se borra.',
  'keep.button': 'Guardar en este teléfono',
  'keep.keeping': 'Guardando… puede tardar un minuto',
  'keep.kept': 'Guardado en este teléfono · {size}',
  'keep.remove': 'Quitar de este teléfono',
  'keep.removed': 'Se quitó de este teléfono.',
  'keep.failed':
    'No se pudo guardar el curso: {reason}. Vuelve a intentarlo cuando la conexión sea mejor.',
  'keep.unavailable': 'Este navegador no puede guardar cursos para leerlos sin conexión.',
  'queue.saved':
    'Sin señal: tus respuestas quedan guardadas en este teléfono. Se calificarán cuando vuelva la señal; nada se califica en el teléfono.',
  'queue.failed':
    'No se pudieron guardar tus respuestas en este teléfono. Vuelve a intentarlo cuando haya señal.',
  'queue.synced': 'Se calificaron tus respuestas sin conexión.',
  'queue.seeResult': 'Ver el resultado de «{title}»',
  'queue.seeResultShort': 'Ver el resultado',
  'queue.signedOut':
    'Las respuestas guardadas en este teléfono esperan a que vuelvas a iniciar sesión.',
  'queue.fromOffline': 'Calificado cuando volvió la señal.',
  'drillOffline.note':
    'No hay señal, así que estás practicando desde este teléfono. Tus decisiones quedan guardadas aquí; los comentarios y el repaso llegan cuando vuelvas a tener conexión.',
  'drillOffline.endedTitle': 'Llegaste al final de la simulación',
  'drillOffline.ended':
    'Gracias por quedarte hasta el final. Tus decisiones quedan guardadas en este teléfono; los comentarios y el repaso llegan cuando vuelvas a tener conexión.',
  'drillOffline.notKept':
    'Esta simulación no está guardada en este teléfono. La próxima vez que tengas conexión, guarda su curso («Guardar en este teléfono») para practicarla sin señal.',
  'drillOffline.failed':
    'No se pudo guardar esa decisión en este teléfono. Vuelve a intentarlo, o regresa cuando vuelva la señal.',
  'drillOffline.again': 'Practicarla otra vez',
  'drillOffline.backToDrill': 'Volver a la simulación',
  'queue.drillsSynced': 'Ya se calificaron tus decisiones de la simulación sin conexión.',
  'queue.seeDebrief': 'Ver el repaso de «{title}»',
  'queue.seeDebriefShort': 'Ver el repaso',
  'queue.goOnDrill': 'Seguir con «{title}»',
  'queue.goOnDrillShort': 'Seguir con la simulación',
};
