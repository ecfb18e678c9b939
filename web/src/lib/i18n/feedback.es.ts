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
  'fb.rule':
    'Una versión respondida por menos de {n} personas no muestra ninguna cifra ni sus comentarios («menos de {n}»), para que nadie pueda ser identificado.',
  'fb.fewer': 'menos de {n}',
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
  'ia.link': 'Preguntas de las evaluaciones',
  'ia.title': 'Cómo funcionan las preguntas de las evaluaciones',
  'ia.lead':
    'Cada pregunta de cada módulo, según los intentos de los voluntarios de tus programas con el módulo tal como está ahora. Los primeros intentos y los repetidos se cuentan aparte: al repetir, ya se leyeron las explicaciones.',
  'ia.helpTitle': 'Cómo se calculan estos números',
  'ia.helpFacility': 'Facilidad: la proporción de intentos que respondieron bien la pregunta.',
  'ia.helpDiscrimination':
    'Discriminación: la correlación biserial puntual entre la pregunta (bien o mal) y el resto del puntaje (el puntaje del intento sin esta pregunta), de −1 a 1. Alta: quienes tienen buenos resultados en el módulo la responden bien. Cerca de 0 o negativa: no los distingue, o quienes saben más eligen una respuesta incorrecta.',
  'ia.helpTerms':
    'M₁ y M₀: el resto del puntaje promedio de los intentos que respondieron bien y mal; s: la desviación estándar del resto del puntaje (en todos los intentos); p: la facilidad. No hay valor cuando todos respondieron bien, o todos mal.',
  'ia.helpFlags':
    'Señales: demasiado fácil por encima de {easy}, demasiado difícil por debajo de {hard}, discriminación baja por debajo de {low}, y toda discriminación negativa.',
  'ia.helpMinimum':
    'Un grupo se muestra a partir de {n} intentos: con menos, un solo intento mueve la facilidad más de 10 puntos y la correlación es casi puro ruido.',
  'ia.rule':
    'Un grupo de menos de {n} intentos ni siquiera dice cuántos son («menos de {n}»), para que nadie pueda ser identificado.',
  'ia.fewer': 'menos de {n}',
  'ia.none': 'Todavía no hay intentos de evaluación.',
  'ia.group.first': 'Primeros intentos ({n})',
  'ia.group.retakes': 'Intentos repetidos ({n})',
  'ia.tooFew': 'Menos de {n} intentos: todavía no se muestra.',
  'ia.facility': 'Facilidad',
  'ia.discrimination': 'Discriminación',
  'ia.noDiscrimination': 'ninguna (todos igual)',
  'ia.flag.too_easy': 'Demasiado fácil',
  'ia.flag.too_hard': 'Demasiado difícil',
  'ia.flag.negative_discrimination': 'Quienes saben más eligen una respuesta incorrecta',
  'ia.flag.low_discrimination': 'No distingue a quienes saben más',
  'ia.wrongChoices': 'Respuestas incorrectas elegidas',
};
