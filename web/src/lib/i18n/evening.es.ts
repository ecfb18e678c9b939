import type { eveningEn } from './evening.en';

/** UI strings of the volunteer's evening in Spanish; spread into es.ts. */
export const eveningEs: Record<keyof typeof eveningEn, string> = {
  'nav.drills': 'Simulaciones de práctica',
  'nav.skills': 'Mi mapa de habilidades',
  'nav.pathway': 'Mi itinerario',
  'learn.tonight': 'Esta noche',
  'learn.startHere': 'Empieza aquí',
  'learn.startHereLead':
    '¿Nuevo en Kindred? Empieza con «{course}»: es lo primero de tu itinerario, un módulo corto cada vez.',
  'learn.tonightWhere': '{course}, módulo {n} de {count}',
  'learn.countsToward': 'Cuenta para: {what}',
  'learn.readSoFar': 'Leído hasta ahora',
  'learn.readPercent': '{percent}% leído',
  'share.label': 'Enlace para enviar a un empleador',
  'share.copy': 'Copiar enlace',
  'share.share': 'Compartir…',
  'share.copied': 'Enlace copiado.',
  'share.selectToCopy': 'Selecciona el enlace y cópialo.',
  'error.title': 'Algo salió mal',
  'error.notFound': 'No hay nada en esta dirección',
  'error.forbidden': 'Esta página no está abierta para ti',
  'error.lead.404':
    'Puede que la página se haya movido o que el enlace esté mal escrito. No se ha perdido nada de lo que guardaste.',
  'error.lead.403':
    'Tu cuenta no tiene acceso a esta página. No se ha perdido nada de lo que guardaste.',
  'error.lead.other':
    'Kindred no pudo mostrar esta página ahora. No se ha perdido nada de lo que guardaste; inténtalo de nuevo en un momento.',
  'error.what': 'Qué pasó: {message} (error {status})',
  'error.home': 'Ir a mi página de inicio',
  'error.homeAnon': 'Ir a la página de inicio de Kindred',
  'error.support':
    'Si estás pasando un momento difícil ahora mismo, no tienes que esperar a esta página: llama o escribe al 988, o mira a quién acudir.',
  'error.supportLink': 'Apoyo ahora mismo',
};
