import type { translationsEn } from './translations.en';

/** UI strings of the coordinators' translation page (Spanish); spread into es.ts. */
export const translationsEs: Record<keyof typeof translationsEn, string> = {
  'tr.link': 'Traducciones',
  'tr.title': 'Traducciones de los cursos',
  'tr.lead':
    'Cuánto del contenido tiene cada idioma y qué traducciones se hicieron a partir de una versión anterior en inglés. Quien lee una traducción atrasada ve una nota que lo dice.',
  'tr.language': 'Idioma',
  'tr.lang.es': 'Español',
  'tr.lang.en': 'Inglés',
  'tr.chart': 'Parte traducida, por tipo de contenido',
  'tr.modules': 'Módulos',
  'tr.coursePages': 'Páginas de curso',
  'tr.drills': 'Simulaciones de práctica',
  'tr.framework': 'Marco de competencias',
  'tr.count': '{translated} de {total}',
  'tr.frameworkYes': 'traducido',
  'tr.frameworkBehind': 'traducido, atrasado respecto al inglés',
  'tr.frameworkNo': 'sin traducir',
  'tr.table': 'Los mismos números',
  'tr.kind': 'Contenido',
  'tr.translated': 'Traducido',
  'tr.share': 'Parte',
  'tr.perModule': 'Cada módulo',
  'tr.module': 'Módulo',
  'tr.state.current': 'Traducido',
  'tr.state.behind': 'Atrasado respecto al inglés',
  'tr.state.missing': 'Todavía no',
  'tr.behindTitle': 'Atrasadas respecto al inglés',
  'tr.noneBehind': 'Todas las traducciones se hicieron a partir del inglés actual.',
  'tr.behindItem': '{file} traduce {english}, que cambió en la línea {line}',
  'tr.behindItemNoLine': '{file} traduce {english}, que cambió',
  'tr.updatedOn': 'Inglés actualizado el {date}',
  'tr.howTo':
    'Quien traduce actualiza el archivo a mano y anota la versión en inglés de la que partió; pnpm courses:check nombra cada traducción atrasada con la línea del cambio.',
};
