import type { wellbeingEn } from './wellbeing.en';

/** UI strings of peer wellbeing (natural US Spanish); spread into es.ts. */
export const wellbeingEs: Record<keyof typeof wellbeingEn, string> = {
  'nav.wellbeing': 'Mi bienestar',
  'wb.title': 'Mi bienestar',
  'wb.lead':
    'Tus chequeos son solo tuyos: ni tu supervisor, ni la coordinación, ni el programa ven tus respuestas.',
  'wb.checkInNow': 'Hacer un chequeo ahora',
  'wb.saved': 'Chequeo guardado. Gracias por darte un momento para ti.',
  'wb.savedDebrief':
    'Chequeo guardado. Le pedimos a tu supervisor que programe un debrief contigo. Solo sabe que lo pediste y para cuándo.',
  'wb.monthlyDue': 'Hace tiempo que no haces un chequeo.',
  'wb.history': 'Mis chequeos a lo largo del tiempo',
  'wb.none': 'Todavía no tienes chequeos.',
  'wb.chartLabel':
    'Gráfica de tus chequeos: qué tan pesado se sintió el trabajo y cómo dormiste, del 1 al 5. Los mismos números están en la tabla de abajo.',
  'wb.col.date': 'Fecha',
  'wb.col.after': 'Después de',
  'wb.col.weight': 'Peso del trabajo (1–5)',
  'wb.col.sleep': 'Sueño (1–5)',
  'wb.col.someone': 'Alguien con quien hablar',
  'wb.col.note': 'Mi nota',
  'wb.occasion.drill': 'un simulacro',
  'wb.occasion.hours': 'horas de práctica',
  'wb.occasion.monthly': 'chequeo mensual',
  'wb.occasion.self': 'por mi cuenta',
  'wb.debriefs': 'Mis solicitudes de debrief',
  'wb.debriefAsked': 'Pedido el {date} · {within}',
  'wb.debriefHeld': 'realizado el {date}',
  'wb.debriefOpen': 'pendiente de programar',
  'wb.within.days': 'en los próximos dos o tres días',
  'wb.within.week': 'dentro de una semana',
  'wb.within.weeks': 'en las próximas semanas',

  'ci.title': '¿Cómo estás?',
  'ci.lead':
    'Tres preguntas breves. No hay respuestas correctas y solo tú las verás: ni tu supervisor ni el programa.',
  'ci.after.drill':
    'Ese simulacro tenía un escenario difícil. Es normal que te quede dando vueltas un rato.',
  'ci.after.hours': 'Marcaste ese turno como difícil. Tómate un momento antes de seguir.',
  'ci.after.monthly': 'Tu chequeo mensual.',
  'ci.weight': '¿Qué tan pesado se siente el trabajo ahora?',
  'ci.weight.1': '1 · Ligero',
  'ci.weight.2': '2 · Llevadero',
  'ci.weight.3': '3 · Algo pesado',
  'ci.weight.4': '4 · Pesado',
  'ci.weight.5': '5 · Muy pesado',
  'ci.sleep': '¿Cómo has estado durmiendo?',
  'ci.sleep.1': '1 · Mal',
  'ci.sleep.2': '2 · No muy bien',
  'ci.sleep.3': '3 · Más o menos',
  'ci.sleep.4': '4 · Bien',
  'ci.sleep.5': '5 · Muy bien',
  'ci.someone': '¿Tienes a alguien con quien hablarlo?',
  'ci.someone.yes': 'Sí',
  'ci.someone.not_sure': 'No estoy seguro/a',
  'ci.someone.no': 'No',
  'ci.note': 'Una nota para ti (opcional)',
  'ci.noteHint': 'Solo tú puedes leerla.',
  'ci.debrief': 'Me gustaría un debrief (hablarlo con mi supervisor)',
  'ci.debriefHint':
    'Tu supervisor recibe un debrief por programar. Solo sabe que lo pediste y para cuándo, nunca tus respuestas.',
  'ci.within': '¿Para cuándo?',
  'ci.submit': 'Guardar mi chequeo',
  'ci.skip': 'Ahora no',
  'ci.offerDrill':
    'Este escenario puede ser difícil de procesar. Si quieres, aquí tienes un chequeo breve y privado.',
  'ci.offerLink': 'Hacer un chequeo privado',

  'hours.hard': 'Este fue difícil',
  'hours.hardHint': 'Solo tú lo ves: al guardar, se abre un chequeo privado.',
};
