import type { Lang } from './i18n.js';

/**
 * The words of the API's general validation answers in another language. A DTO's message (and
 * class-validator's own) reads "<field> <rule>": the field stays its machine name (the page puts the
 * message next to that field), the rule is said in the reader's words. DomainError.said() applies this to
 * every message written as a plain English string; messages written as `Localized` say themselves.
 *
 * A table of patterns rather than a message id per DTO decorator: the ~130 DTO messages share a dozen
 * shapes ("is required", "must be at most N characters", "must be a or b"), so one pattern serves many
 * fields, and a new field with a known shape is Spanish without anyone remembering to add it.
 */
type Rule = [RegExp, (...m: string[]) => string];

/** The rule after the field name, in Spanish (first match wins; the values keep their machine spelling). */
const RULES_ES: Rule[] = [
  [/^is required$/, () => 'es obligatorio'],
  [/^should not be empty$|^must not be empty$/, () => 'no debe estar vacío'],
  [/^must be text$|^must be a string$/, () => 'debe ser un texto'],
  [/^must be true or false$|^must be a boolean value$/, () => 'debe ser verdadero o falso'],
  [/^must be a UUID$/, () => 'debe ser un UUID'],
  [/^must be a person id$/, () => 'debe ser el identificador de una persona'],
  [/^must be an organization id$/, () => 'debe ser el identificador de una organización'],
  [
    /^must be an e-mail address$|^must be an email$/,
    () => 'debe ser una dirección de correo electrónico',
  ],
  [
    /^must be a web address(?: \(https:\/\/…\))?$|^must be a URL address$/,
    () => 'debe ser una dirección web (https://…)',
  ],
  [/^must be an http\(s\) address$/, () => 'debe ser una dirección web http(s)'],
  [/^must be a JSON object$|^must be an object$/, () => 'debe ser un objeto JSON'],
  [/^must be a list$|^must be an array$/, () => 'debe ser una lista'],
  [/^must be a date \(YYYY-MM-DD\)$/, () => 'debe ser una fecha (AAAA-MM-DD)'],
  [/^must be a real date$/, () => 'debe ser una fecha que exista'],
  [
    /^must be a date and time$|^must be a valid ISO 8601 date string$/,
    () => 'debe ser una fecha y hora',
  ],
  [
    /^must be at least (\d[\d.,]*) characters$|^must be longer than or equal to (\d+) characters$/,
    (a, b) => `debe tener al menos ${a ?? b} caracteres`,
  ],
  [
    /^(?:must|may) be at most (\d[\d.,]*) characters$|^must be shorter than or equal to (\d+) characters$/,
    (a, b) => `debe tener como máximo ${a ?? b} caracteres`,
  ],
  [
    /^must be a whole number from (\d+) to (\d+)$/,
    (a, b) => `debe ser un número entero del ${a} al ${b}`,
  ],
  [/^must be a whole number$|^must be an integer number$/, () => 'debe ser un número entero'],
  [
    /^must be a number with at most two decimals$/,
    () => 'debe ser un número con dos decimales como máximo',
  ],
  [/^must be a number conforming to the specified constraints$/, () => 'debe ser un número'],
  [
    /^must be at least (-?\d[\d.,]*)$|^must not be less than (-?\d[\d.,]*)$/,
    (a, b) => `debe ser al menos ${a ?? b}`,
  ],
  [
    /^must be at most (-?\d[\d.,]*)$|^must not be greater than (-?\d[\d.,]*)$/,
    (a, b) => `debe ser como máximo ${a ?? b}`,
  ],
  [/^may hold at most ([\d.,]+) entries$/, (n) => `puede tener como máximo ${n} elementos`],
  [/^must name at least one person$/, () => 'debe nombrar al menos a una persona'],
  [/^must be a scale level$/, () => 'debe ser un nivel de la escala'],
  [
    /^must map each rubric criterion to a level$/,
    () => 'debe asignar un nivel a cada criterio de la rúbrica',
  ],
  [
    /^must be a heading id \(letters, digits, - and _\)$/,
    () => 'debe ser el id de un título (letras, dígitos, - y _)',
  ],
  [
    /^must be an object of question id → choice id$/,
    () => 'debe ser un objeto de id de pregunta → id de opción',
  ],
  [
    /^must say what to change \(at least (\d+) characters\)$/,
    (n) => `debe decir qué cambiar (al menos ${n} caracteres)`,
  ],
  [/^must be a list of area codes$/, () => 'debe ser una lista de códigos de zona'],
  [/^must be area codes$/, () => 'debe ser códigos de zona'],
  [/^must be a list of language tags$/, () => 'debe ser una lista de etiquetas de idioma'],
  [
    /^must be language tags like (\S+) or (\S+)$/,
    (a, b) => `debe ser etiquetas de idioma como ${a} o ${b}`,
  ],
  [
    /^must be the text of a (GeoJSON|CSV) file$/,
    (kind) => `debe ser el texto de un archivo ${kind}`,
  ],
  [
    /^must be a time of day \(HH:MM, 24-hour\)$/,
    () => 'debe ser una hora del día (HH:MM, de 0 a 24 horas)',
  ],
  [
    /^must be an IANA time zone such as (\S+)$/,
    (tz) => `debe ser una zona horaria IANA, como ${tz}`,
  ],
  [
    /^must be a P-256 public key in base64url$/,
    () => 'debe ser una clave pública P-256 en base64url',
  ],
  [/^must be a 16-byte secret in base64url$/, () => 'debe ser un secreto de 16 bytes en base64url'],
  [/^must be a file name$/, () => 'debe ser un nombre de archivo'],
  [/^is too large \(at most (.+)\)$/, (max) => `es demasiado grande (como máximo ${max})`],
  [
    /^must be one of(?: the following values:)? (.+)$/,
    (values) => `debe ser uno de estos valores: ${values}`,
  ],
  [/^must name competencies of this course$/, () => 'debe nombrar competencias de este curso'],
  [/^must name each competency once$/, () => 'debe nombrar cada competencia una sola vez'],
  // "must be a or b", "must be a, b or c": machine values joined by "or"
  [/^must be ((?:[\w-]+, )*[\w-]+) or ([\w-]+)$/, (list, last) => `debe ser ${list} o ${last}`],
];

/** Whole sentences the API says often, not of the "<field> <rule>" shape. */
const SENTENCES_ES: Record<string, string> = {
  'The request body is not valid JSON': 'El contenido de la solicitud no es JSON válido.',
  'The request body is too large': 'El contenido de la solicitud es demasiado grande.',
  'The request body could not be read': 'No se pudo leer el contenido de la solicitud.',
  'choose at least one certificate to approve': 'elige al menos un certificado para aprobar',
  'This invitation link is not valid': 'Este enlace de invitación no es válido.',
  'This invitation has already been accepted. Sign in instead.':
    'Esta invitación ya fue aceptada. Inicia sesión.',
  'This invitation has expired. Ask your coordinator for a new one.':
    'Esta invitación venció. Pide una nueva a tu coordinador o coordinadora.',
  'This reset link is not valid. Ask for a new one.':
    'Este enlace para restablecer la contraseña no es válido. Pide uno nuevo.',
  'This reset link has already been used. Ask for a new one.':
    'Este enlace para restablecer la contraseña ya se usó. Pide uno nuevo.',
  'This reset link has expired. Ask for a new one.':
    'Este enlace para restablecer la contraseña venció. Pide uno nuevo.',
  'You already have an account: sign in to accept this invitation.':
    'Ya tienes una cuenta: inicia sesión para aceptar esta invitación.',
};

/** Sentences with a variable part (the questions left unanswered, a wait). */
const PATTERNS_ES: Rule[] = [
  [
    /^Answer every question before it is graded: questions? (.+) (?:is|are) not answered yet\. Nothing was graded\.$/,
    (list) =>
      `Responde todas las preguntas antes de calificar: falta responder ${list.includes(',') || list.includes(' and ') ? 'las preguntas' : 'la pregunta'} ${list.replace(/ and /g, ' y ')}. No se calificó nada.`,
  ],
  [/^each (?:of )?(\S+) (.+)$/, (field, rule) => eachEs(field, rule)],
];

function eachEs(field: string, rule: string): string {
  const said = ruleEs(rule);
  return said ? `cada elemento de ${field} ${said}` : `each ${field} ${rule}`;
}

function ruleEs(rule: string): string | undefined {
  for (const [re, say] of RULES_ES) {
    const m = re.exec(rule);
    if (m) return say(...m.slice(1));
  }
  return undefined;
}

function spanish(message: string): string | undefined {
  const exact = SENTENCES_ES[message];
  if (exact) return exact;
  for (const [re, say] of PATTERNS_ES) {
    const m = re.exec(message);
    if (m) return say(...m.slice(1));
  }
  // "<field> <rule>", and class-validator's "property <field> should not exist"
  const unknown = /^property (\S+) should not exist$/.exec(message);
  if (unknown) return `no se admite el campo ${unknown[1]}`;
  const m = /^(\S+) (.+)$/.exec(message);
  if (!m) return undefined;
  const rule = ruleEs(m[2]);
  return rule ? `${m[1]} ${rule}` : undefined;
}

/** A general validation message in the reader's language (as written when no translation is known). */
export function problemIn(lang: Lang, message: string): string {
  if (lang === 'en') return message;
  return spanish(message) ?? message;
}

/** Whether `message` has a translation in `lang` (the unit spec lists the DTO messages that do not). */
export function hasProblemTranslation(lang: Lang, message: string): boolean {
  return lang === 'en' || spanish(message) !== undefined;
}
