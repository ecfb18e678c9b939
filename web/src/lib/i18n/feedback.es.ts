import type { feedbackEn } from './feedback.en';

/** Textos de la opinión de los voluntarios y de la página de coordinación; se incluyen en es.ts. */
export const feedbackEs: Record<keyof typeof feedbackEn, string> = {
  'fb.ask': '¿Qué te pareció?',
  'fb.askHint':
    'Con un toque, si quieres. Es opcional y tu nombre nunca se guarda con tu respuesta.',
  'fb.choice.clear': 'Claro',
  'fb.choice.too_hard': 'Demasiado difícil',
  'fb.choice.upsetting': 'Me angustió',
  'fb.choice.not_useful': 'No me sirve para mi trabajo',
  'fb.commentLabel': 'Agrega un comentario (opcional)',
  'fb.commentHint': 'Quienes escriben la capacitación lo leen sin tu nombre.',
  'fb.thanks': 'Gracias. Quienes escriben la capacitación lo van a leer, sin tu nombre.',
  'fb.given': 'Ya nos dijiste qué te pareció. Gracias.',
  'fb.link': 'Opiniones',
  'fb.title': 'Lo que dicen los voluntarios de la capacitación',
  'fb.lead':
    'Cada módulo y cada simulacro, según lo que respondieron los voluntarios de tus programas al terminarlo: cuántas respuestas hubo de cada tipo y en cada versión del contenido (hay una versión nueva cada vez que se edita). Ninguna respuesta ni comentario lleva nombre.',
  'fb.none': 'Todavía no hay opiniones.',
  'fb.kind.module': 'Módulo',
  'fb.kind.drill': 'Simulacro',
  'fb.flagged': 'Señalado',
  'fb.flag.upsetting': '«Me angustió» subió después de la última edición',
  'fb.flag.too_hard': '«Demasiado difícil» subió después de la última edición',
  'fb.flagHelp':
    'Se señala un módulo o simulacro cuando la proporción de «me angustió» o «demasiado difícil» es mayor en su última versión que en la anterior, y las dos tienen al menos {n} respuestas (con menos, una sola respuesta mueve la proporción 20 puntos o más).',
  'fb.version': 'Versión {n}',
  'fb.current': 'actual',
  'fb.since': 'desde el {date}',
  'fb.answers': '{n, plural, one {# respuesta} other {# respuestas}}',
  'fb.chart': 'Respuestas por versión',
  'fb.table': 'Los mismos números',
  'fb.colVersion': 'Versión',
  'fb.colAnswer': 'Respuesta',
  'fb.colTotal': 'Respuestas',
  'fb.comments': 'Comentarios',
  'fb.noComments': 'No hay comentarios.',
  'fb.commentOn': 'Versión {n} · {choice}',
};
