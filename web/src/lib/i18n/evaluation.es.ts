import type { evaluationEn } from './evaluation.en';

/** Textos de la página de evaluación del programa (/admin/evaluation); se incluyen en es.ts. */
export const evaluationEs: Record<keyof typeof evaluationEn, string> = {
  'nav.evaluation': 'Evaluación',
  'ev.link': 'Evaluación del programa',
  'ev.title': 'Evaluación del programa',
  'ev.lead':
    'Cómo avanzan las personas en tus programas, de la invitación al certificado; si siguen participando; qué tan rápido aprueban los supervisores, y las horas de práctica verificadas — en los últimos {n} meses, para los voluntarios de tus programas. No se nombra a nadie.',
  'ev.rule':
    'No se muestra ninguna cifra que salga de menos de {n} personas (se lee «menos de {n}»), para que nadie pueda ser identificado. Un cero sí se muestra.',
  'ev.withheld': 'menos de {n}',
  'ev.howTitle': 'Cómo se calcula',
  'ev.chartNote': 'El gráfico dibuja la tabla que está debajo.',
  'ev.csv': 'Descargar en CSV',
  'ev.month': 'Mes',
  'ev.funnel': 'De la invitación al certificado',
  'ev.funnelHow':
    'Todas las personas invitadas como voluntarias a tus programas (quien se agregó sin invitación cuenta como invitada y con sesión iniciada el día en que se sumó). Inició sesión: aceptó la invitación y creó su contraseña. Inscrita: se inscribió en un curso (terminar una prueba de conocimientos también inscribe). Primer módulo: terminó un módulo de cualquier curso. Curso terminado: terminó todos los módulos de un curso. Simulacro aprobado: aprobó un simulacro de práctica. Aprobada por supervisión: un supervisor aprobó una de sus competencias. Trayectoria completa: llegó a la última etapa de la trayectoria (vigente, o renovada después). Certificada: tiene un certificado de tu programa. Renovada: un certificado más reciente reemplazó al primero. Una persona cuenta en un paso cuando llegó a él y a todos los anteriores. Mediana de días: desde el paso anterior hasta este, entre quienes llegaron (la mitad tardó menos y la otra mitad más); es negativa cuando la mayoría hizo este paso antes que el anterior. Se quedó aquí: llegó a este paso y no al siguiente.',
  'ev.funnelDiff':
    'Un «se quedó aquí» oculto a veces se puede deducir de los dos pasos que lo rodean: eso dice cuántas personas, nunca quiénes.',
  'ev.step.invited': 'Invitadas',
  'ev.step.signed_in': 'Iniciaron sesión',
  'ev.step.first_module': 'Primer módulo',
  'ev.step.pathway_complete': 'Trayectoria completa',
  'ev.step.enrolled': 'Inscritas',
  'ev.step.course_done': 'Curso terminado',
  'ev.step.drill_passed': 'Simulacro aprobado',
  'ev.step.signed_off': 'Aprobadas por supervisión',
  'ev.step.renewed': 'Renovadas',
  'ev.step.certified': 'Certificadas',
  'ev.colStep': 'Paso',
  'ev.colReached': 'Personas',
  'ev.colShare': 'de las invitadas',
  'ev.colMedianDays': 'Mediana de días',
  'ev.colStopped': 'Se quedaron aquí',
  'ev.cohorts': 'Por mes de invitación',
  'ev.cohortsHow':
    'Los mismos pasos para las personas invitadas cada mes (se omiten los meses sin invitaciones).',
  'ev.noCohorts': 'No se invitó a nadie en estos meses.',
  'ev.retention': 'Quiénes siguen participando',
  'ev.retentionHow':
    'Una persona voluntaria está activa en un mes si aprendió o practicó algo en él: terminó un módulo, hizo una evaluación, empezó un simulacro o trabajó horas de práctica. Para cada mes después de sumarse (0 es el mes en que inició sesión), la proporción de voluntarios con ese tiempo que estuvo activa, sobre todos los meses de ingreso con al menos {n} personas.',
  'ev.colMonthsAfter': 'Meses después de sumarse',
  'ev.colPeople': 'Voluntarios',
  'ev.colActive': 'Activos',
  'ev.monthsAfter': '{n, plural, =0 {Mes de ingreso} one {# mes después} other {# meses después}}',
  'ev.retentionCohorts': 'Por mes de ingreso',
  'ev.noRetention':
    'Todavía ningún mes de estos doce tiene {n} o más voluntarios que se sumaran en él, así que no hay proporción que mostrar.',
  'ev.noTurnaround': 'No se decidió ninguna aprobación en estos meses.',
  'ev.turnaround': 'Tiempo de aprobación',
  'ev.turnaroundHow':
    'Horas desde la solicitud de aprobación de una persona voluntaria hasta la decisión del supervisor, por mes de la decisión. Mediana: la mitad se decidió más rápido. Percentil 90: 9 de cada 10 se decidieron más rápido (entre dos solicitudes, el valor intermedio, como percentile_cont de PostgreSQL). Un mes se muestra cuando sus decisiones corresponden a al menos {n} voluntarios.',
  'ev.colDecided': 'Decisiones',
  'ev.colMedianHours': 'Mediana de horas',
  'ev.colP90Hours': 'Percentil 90 de horas',
  'ev.allMonths': 'Todos los meses',
  'ev.hours': 'Horas de práctica verificadas',
  'ev.hoursHow':
    'Horas de práctica que verificó un supervisor, según el mes en que se trabajaron (no se cuentan las que esperan revisión ni las devueltas). Un mes se muestra cuando al menos {n} voluntarios las registraron.',
  'ev.colEntries': 'Registros',
  'ev.colHours': 'Horas',
  'ev.legendMedian': 'mediana',
  'ev.legendP90': 'percentil 90',
};
