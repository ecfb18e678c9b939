import { IntlMessageFormat } from 'intl-messageformat';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { SessionUser } from './session-user.js';

/**
 * The API's words for people, in their language. A message is ICU MessageFormat (intl-messageformat, the
 * library the web app uses too), so plurals and numbers follow the language's rules.
 */
export const LANGS = ['en', 'es'] as const;
export type Lang = (typeof LANGS)[number];
export const isLang = (v: unknown): v is Lang => LANGS.includes(v as Lang);
/** A person's mail language: the saved choice, else the browser's (users.browser_locale), else English. */
export const mailLangOf = (locale?: string | null, browserLocale?: string | null): Lang =>
  isLang(locale) ? locale : isLang(browserLocale) ? browserLocale : 'en';
const INTL: Record<Lang, string> = { en: 'en-US', es: 'es-US' };

const MESSAGES = {
  // ---- Idempotency-Key (IdempotencyService): a phone's offline queue replaying a request
  'idempotency.malformed': {
    en: 'Idempotency-Key must be a UUID',
    es: 'Idempotency-Key debe ser un UUID',
  },
  'idempotency.reused': {
    en: 'Idempotency-Key was already used for a different request: send a new key with a new request',
    es: 'Idempotency-Key ya se usó con otra solicitud: envía una clave nueva con cada solicitud nueva',
  },
  // ---- evening reminders (EveningReminderJob): in the mail language (saved choice, else the browser's)
  'reminder.subject': {
    en: 'Tonight on Kindred: {module}',
    es: 'Esta noche en Kindred: {module}',
  },
  'reminder.subjectNone': {
    en: 'Your evening on Kindred',
    es: 'Tu noche en Kindred',
  },
  'reminder.next': {
    en: 'Your next module is “{module}” in {course} (about {minutes, plural, one {# minute} other {# minutes}}). Open it here:',
    es: 'Tu próximo módulo es «{module}», de {course} (unos {minutes, plural, one {# minuto} other {# minutos}}). Ábrelo aquí:',
  },
  'reminder.none': {
    en: 'Choose what to learn next:',
    es: 'Elige qué aprender ahora:',
  },
  'reminder.snooze': {
    en: 'Not tonight? Skip the next reminder:',
    es: '¿Esta noche no? Salta el próximo recordatorio:',
  },
  'reminder.change': {
    en: 'Change the days and time, or turn these reminders off:',
    es: 'Cambia los días y la hora, o desactiva estos recordatorios:',
  },
  'reminder.push.title': {
    en: 'Time for Kindred',
    es: 'Hora de Kindred',
  },
  'reminder.push.next': {
    en: 'Next: {module} ({minutes} min)',
    es: 'Lo próximo: {module} ({minutes} min)',
  },
  'reminder.push.skip': {
    en: 'Skip the next one',
    es: 'Saltar el próximo',
  },
  'reminder.noDays': {
    en: 'days: choose at least one evening before skipping one',
    es: 'days: elige al menos una noche antes de saltarte una',
  },
  'reminder.pushOff': {
    en: 'This server sends no push notifications (no VAPID keys are configured); reminders come by e-mail',
    es: 'Este servidor no envía notificaciones push (no hay claves VAPID configuradas); los recordatorios llegan por correo',
  },
  'check.fields': {
    en: 'Please check: {fields}',
    es: 'Revisa: {fields}',
  },
  'hours.identifier': {
    en: "{field} looks like it contains {kind, select, email {an e-mail address} phone {a phone number} address {a street address} other {a person's full name}}. Never write client details in your log: describe the setting and what you practised, not the person (no names, phone numbers, e-mail or street addresses).",
    es: '{field} parece contener {kind, select, email {una dirección de correo electrónico} phone {un número de teléfono} address {una dirección postal} other {el nombre completo de una persona}}. Nunca escribas datos de las personas que apoyas en tu registro: describe el lugar y lo que practicaste, no a la persona (sin nombres, teléfonos, correos ni direcciones).',
  },
  'hours.future': {
    en: 'workedOn cannot be in the future: log hours once they are worked',
    es: 'La fecha no puede estar en el futuro: registra las horas cuando ya las hayas hecho.',
  },
  'hours.noteTooShort': {
    en: 'note must say what to change (at least 3 characters)',
    es: 'La nota debe decir qué cambiar (al menos 3 caracteres).',
  },
  // ---- account mail (AuthService): in the recipient's language, coalesce(locale, browser_locale)
  'account.reset.subject': {
    en: 'Reset your Kindred password',
    es: 'Restablece tu contraseña de Kindred',
  },
  'account.reset.open': {
    en: 'Open this link within {minutes} minutes to choose a new password:',
    es: 'Abre este enlace en los próximos {minutes} minutos para elegir una contraseña nueva:',
  },
  'account.reset.ignore': {
    en: 'If you did not ask for this, ignore this message; your password stays as it is.',
    es: 'Si no lo pediste, ignora este mensaje; tu contraseña no cambia.',
  },
  'account.invite.subject': {
    en: '{by} invited you to {org} on Kindred',
    es: '{by} te invitó a {org} en Kindred',
  },
  'account.invite.body': {
    en: '{by} has invited you to join {org} on Kindred as a {role, select, volunteer {volunteer} supervisor {supervisor} coordinator {coordinator} other {member of the institution staff}}.',
    es: '{by} te invitó a unirte a {org} en Kindred como {role, select, volunteer {voluntario o voluntaria} supervisor {supervisor o supervisora} coordinator {coordinador o coordinadora} other {parte del personal de la institución}}.',
  },
  'account.invite.existing': {
    en: 'You already have a Kindred account: open this link and sign in with your own password to accept (it works for {days} days, once):',
    es: 'Ya tienes una cuenta de Kindred: abre este enlace e inicia sesión con tu propia contraseña para aceptar (sirve durante {days} días, una sola vez):',
  },
  'account.invite.new': {
    en: 'Open this link to choose a password and get started (it works for {days} days, once):',
    es: 'Abre este enlace para elegir una contraseña y empezar (sirve durante {days} días, una sola vez):',
  },
  'account.invite.ignore': {
    en: 'If you were not expecting this, you can ignore this message.',
    es: 'Si no esperabas esta invitación, puedes ignorar este mensaje.',
  },
  // ---- issuing a certificate by hand (IssuanceService)
  'issue.unmet': {
    en: "{name} does not meet {count, number} of the program's requirements ({list}). Give the reason for issuing by hand: it is kept in the audit log.",
    es: '{name} no cumple {count, plural, one {# requisito} other {# requisitos}} del programa ({list}). Indica el motivo para emitirlo a mano: queda en el registro de auditoría.',
  },
  // ---- competency mail (ExpiryJob, CompetenciesService): in the recipient's language, as account mail
  'comp.expired.subject': { en: 'Expired: {name}', es: 'Vencida: {name}' },
  'comp.expired.text': {
    en: 'Your sign-off for {name} has expired. Request a new sign-off from your competency map.',
    es: 'Tu validación de {name} venció. Pide una nueva validación desde tu mapa de competencias.',
  },
  'comp.expiring.subject': {
    en: '{name} expires in {days, plural, one {# day} other {# days}}',
    es: '{name} vence {days, plural, one {en # día} other {en # días}}',
  },
  'comp.expiring.text': {
    en: 'Your sign-off for {name} is valid until {day}. Request a new sign-off from your competency map before then.',
    es: 'Tu validación de {name} es válida hasta el {day}. Pide una nueva validación desde tu mapa de competencias antes de esa fecha.',
  },
  'comp.signoffRequested.subject': {
    en: 'Sign-off requested: {volunteer} · {competency}',
    es: 'Piden tu validación: {volunteer} · {competency}',
  },
  'comp.signoffRequested.text': {
    en: '{origin, select, auto {{volunteer} has completed the course work for} other {{volunteer} asks you to sign off}} {competency}. The request is in your queue under My volunteers.',
    es: '{origin, select, auto {{volunteer} terminó el trabajo del curso de} other {{volunteer} te pide que valides}} {competency}. La solicitud está en tu lista, en Mis voluntarios.',
  },
  // ---- pathway renewal reminders (PathwaySweepJob)
  'pathway.renewalOpen.subject': {
    en: 'Your renewal window is open: {stage}',
    es: 'El periodo de renovación está abierto: {stage}',
  },
  'pathway.renewalOpen.text': {
    en: 'Your {stage} status is valid until {expires}. The short renewal route is open now and until {closes}.',
    es: 'Tu estado de {stage} es válido hasta el {expires}. La renovación abreviada está abierta desde hoy y hasta el {closes}.',
  },
  'pathway.renewalClosing.subject': {
    en: 'Renew by {closes}: {stage}',
    es: 'Renueva a más tardar el {closes}: {stage}',
  },
  'pathway.renewalClosing.text': {
    en: 'The short renewal route for your {stage} status closes after {closes}; after that only the full route is left.',
    es: 'La renovación abreviada de tu estado de {stage} se cierra después del {closes}; luego solo queda la vía completa.',
  },
  'pathway.missing': {
    en: '{n, plural, =0 {Everything needed is there.} one {Still missing: # item on your checklist.} other {Still missing: # items on your checklist.}}',
    es: '{n, plural, =0 {Ya tienes todo lo necesario.} one {Falta # requisito de tu lista.} other {Faltan # requisitos de tu lista.}}',
  },
  'pathway.see': {
    en: 'See your pathway at {link}.',
    es: 'Mira tu itinerario en {link}.',
  },
  // ---- continuing education decisions (CeService), to the volunteer
  'ce.approved.subject': { en: 'Training approved: {title}', es: 'Formación aprobada: {title}' },
  'ce.approved.text': {
    en: '{title} ({hours} h, {category}) now counts toward your continuing education.',
    es: '{title} ({hours} h, {category}) ya cuenta para tu educación continua.',
  },
  'ce.rejected.subject': {
    en: 'Training not accepted: {title}',
    es: 'Formación no aceptada: {title}',
  },
  'ce.rejected.text': {
    en: '{title} was not accepted for continuing education.',
    es: '{title} no se aceptó como educación continua.',
  },
  // ---- notifications and their e-mails (NotificationsService renders them in the recipient's language)
  'mail.greeting': { en: 'Hello {name},', es: 'Hola, {name}:' },
  'n.certificateIssued.title': {
    en: 'Certificate issued: {name}',
    es: 'Certificado emitido: {name}',
  },
  'n.certificateIssued.body': {
    en: 'Your certificate “{name}” is issued. Download it or share its link from My certificates.',
    es: 'Tu certificado «{name}» ya está emitido. Descárgalo o comparte su enlace desde Mis certificados.',
  },
  'n.certificateAwaiting.title': {
    en: 'Waiting for {university}: {program}',
    es: 'En espera de {university}: {program}',
  },
  'n.certificateAwaiting.body': {
    en: 'Everything for “{program}” is in. {university} co-issues it and reviews it now; you will hear when it is issued.',
    es: 'Ya está todo lo que pide «{program}». {university} lo emite en conjunto y lo está revisando; te avisaremos cuando esté emitido.',
  },
  'n.signedOff.title': { en: 'Signed off: {code} {name}', es: 'Aprobada: {code} {name}' },
  'n.signedOff.body': {
    en: '{by} signed off {code} {name} at {level}. “{comment}”',
    es: '{by} aprobó {code} {name} en el nivel {level}. «{comment}»',
  },
  'n.signedOff.mail': {
    en: '{by} signed off {code} {name} at the level "{level}".\n\n{comment}',
    es: '{by} aprobó {code} {name} en el nivel «{level}».\n\n{comment}',
  },
  'n.practice.title': {
    en: 'More practice for {code} {name}',
    es: 'Más práctica para {code} {name}',
  },
  'n.practice.body': {
    en: '{by} asks for more practice first: {practice}. “{comment}”',
    es: '{by} pide más práctica primero: {practice}. «{comment}»',
  },
  'n.practice.mail': {
    en: '{by} reviewed your request for {code} {name} and asks for more practice first.\n\nWhat to practice: {practice}\n\n{comment}\n\nWhen you are ready, request sign-off again from your competency map.',
    es: '{by} revisó tu solicitud para {code} {name} y pide más práctica primero.\n\nQué practicar: {practice}\n\n{comment}\n\nCuando te sientas lista o listo, vuelve a pedir la aprobación desde tu mapa de habilidades.',
  },
  'n.debriefAsked.title': {
    en: '{name} asked for a debrief',
    es: '{name} pidió una sesión de descarga (debrief)',
  },
  'n.debriefAsked.body': {
    en: 'They would like it {within, select, days {within a couple of days} week {within a week} other {in the next few weeks}}. Schedule it with them and mark it held in your debrief queue.',
    es: 'Le gustaría {within, select, days {en los próximos dos o tres días} week {dentro de una semana} other {en las próximas semanas}}. Acuerden una fecha y márcala como realizada en tu lista de debriefs.',
  },
  'n.debriefAsked.mailSubject': {
    en: 'A debrief to schedule',
    es: 'Un debrief por programar',
  },
  'n.debriefAsked.mailText': {
    en: 'Someone in your cohort asked for a debrief, {within, select, days {within a couple of days} week {within a week} other {in the next few weeks}}. Open your debrief queue in Kindred (Supervise) to see who, and schedule it with them.',
    es: 'Una persona de tu grupo pidió un debrief {within, select, days {en los próximos dos o tres días} week {dentro de una semana} other {en las próximas semanas}}. Abre tu lista de debriefs en Kindred (Supervisar) para ver quién es y acordar una fecha.',
  },
  'n.checkinMonthly.title': {
    en: 'Your monthly check-in',
    es: 'Tu chequeo mensual',
  },
  'n.checkinMonthly.body': {
    en: 'Three short questions on how the work sits with you. Only you see the answers.',
    es: 'Tres preguntas breves sobre cómo te está afectando el trabajo. Solo tú ves las respuestas.',
  },
  'n.hoursReturned.title': {
    en: 'Practice hours returned for a change',
    es: 'Te devolvieron horas de práctica para un cambio',
  },
  'n.hoursReturned.body': {
    en: '{by} returned your entry of {day} ({hours, number} h, {category}): {note}',
    es: '{by} te devolvió tu registro del {day} ({hours, number} h, {category}): {note}',
  },
  'n.hoursReturned.mail': {
    en: '{by} returned your practice hours entry of {day} ({hours, number} h, {category}).\n\n{note}\n\nYou can change and resubmit it under My practice hours.',
    es: '{by} te devolvió tu registro de horas de práctica del {day} ({hours, number} h, {category}).\n\n{note}\n\nPuedes cambiarlo y volver a enviarlo en Mis horas de práctica.',
  },
  'n.hoursVerified.title': {
    en: 'Practice hours verified: {hours, number} h on {day}',
    es: 'Horas de práctica verificadas: {hours, number} h el {day}',
  },
  'n.hoursVerified.body': {
    en: '{by} verified your entry of {day} ({hours, number} h, {category}). It now counts toward your pathway.',
    es: '{by} verificó tu registro del {day} ({hours, number} h, {category}). Ya cuenta para tu trayectoria.',
  },
  'n.weekVerified.title': {
    en: 'Practice hours verified: {hours, number} h in the week of {day}',
    es: 'Horas de práctica verificadas: {hours, number} h en la semana del {day}',
  },
  'n.weekVerified.body': {
    en: '{by} verified {count, plural, one {# entry} other {# entries}} of the week of {day} ({hours, number} h). {count, plural, one {It now counts} other {They now count}} toward your pathway.',
    es: '{by} verificó {count, plural, one {# registro} other {# registros}} de la semana del {day} ({hours, number} h). Ya {count, plural, one {cuenta} other {cuentan}} para tu trayectoria.',
  },
  'drill.subject': {
    en: '{kind, select, invitation {Group drill} day {Tomorrow} other {In an hour}}: {title}',
    es: '{kind, select, invitation {Simulación en grupo} day {Mañana} other {En una hora}}: {title}',
  },
  'drill.invited': {
    en: '{by} has invited you to a {drillKind, select, field {field} other {tabletop}} drill, "{title}".',
    es: '{by} te invitó a una simulación {drillKind, select, field {de campo} other {de mesa}}, «{title}».',
  },
  'drill.yourProgram': { en: 'Your program', es: 'Tu programa' },
  'drill.reminded': {
    en: 'A reminder: the {drillKind, select, field {field} other {tabletop}} drill "{title}" starts {kind, select, day {within a day} other {within the hour}}.',
    es: 'Te recordamos que la simulación {drillKind, select, field {de campo} other {de mesa}} «{title}» empieza {kind, select, day {dentro de un día} other {dentro de una hora}}.',
  },
  'drill.reminder.body': {
    en: '{title} starts {kind, select, day {within a day} other {within the hour}} ({when}).',
    es: '«{title}» empieza {kind, select, day {dentro de un día} other {dentro de una hora}} ({when}).',
  },
  'drill.when': {
    en: 'When: {when} ({minutes} minutes)',
    es: 'Cuándo: {when} ({minutes} minutos)',
  },
  'drill.where': { en: 'Where: {where}', es: 'Dónde: {where}' },
  'drill.role': {
    en: 'Your role: {role, select, caller {caller} responder {responder} observer {observer} other {facilitator}}',
    es: 'Tu papel: {role, select, caller {persona que llama} responder {quien responde} observer {observador u observadora} other {facilitador o facilitadora}}',
  },
  'drill.details': { en: 'Details: {link}', es: 'Detalles: {link}' },
  'drill.calendar': {
    en: 'Add it to your calendar: {link}',
    es: 'Agrégala a tu calendario: {link}',
  },
  'drill.stepOut': {
    en: 'If this drill touches something hard for you, tell the facilitator; you can step out at any time.',
    es: 'Si esta simulación toca algo difícil para ti, díselo a quien facilita; puedes salir en cualquier momento.',
  },
  'drill.attached': {
    en: 'The calendar file (kindred-drill.ics) is attached to this e-mail.',
    es: 'El archivo de calendario (kindred-drill.ics) va adjunto a este correo.',
  },
  'ics.summary': {
    en: 'Kindred {drillKind, select, field {field} other {tabletop}} drill: {title}',
    es: 'Simulación {drillKind, select, field {de campo} other {de mesa}} de Kindred: {title}',
  },
  'ics.groupDrill': {
    en: 'Group drill ({drillKind, select, field {field} other {tabletop}}).',
    es: 'Simulación en grupo ({drillKind, select, field {de campo} other {de mesa}}).',
  },
  'ics.video': { en: 'Video link: {link}', es: 'Enlace de video: {link}' },
  // ---- CSV files people download (headers and words in their language; values stay as recorded)
  // the employers' bulk check (CertificatesService.verifyBulk): headers, verdict words and its own lines
  'csv.bulk.id': { en: 'id', es: 'id' },
  'csv.bulk.verdict': { en: 'verdict', es: 'resultado' },
  'csv.bulk.holder': { en: 'holder', es: 'titular' },
  'csv.bulk.certificate': { en: 'certificate', es: 'certificado' },
  'csv.bulk.validUntil': { en: 'valid_until', es: 'válido_hasta' },
  'csv.bulk.summary': { en: 'summary', es: 'resumen' },
  // English keeps the machine values (scripts read them); Spanish says them in words
  'csv.bulk.verdictValue': {
    en: '{verdict}',
    es: '{verdict, select, valid {válido} revoked {revocado} suspended {suspendido} expired {vencido} not_yet_valid {todavía no válido} tampered {alterado} unknown_issuer {emisor desconocido} invalid {no válido} status_unknown {revocación desconocida} not_checked {sin comprobar} unknown {no encontrado} not_shared {no compartido} other {{verdict}}}',
  },
  'csv.bulk.unknown': {
    en: 'No certificate has this id.',
    es: 'Ningún certificado tiene este id.',
  },
  'csv.bulk.notShared': {
    en: 'Its holder has turned the link off; ask them for the file.',
    es: 'Su titular desactivó el enlace; pídele el archivo.',
  },
  'csv.volunteer': { en: 'volunteer', es: 'voluntario o voluntaria' },
  'csv.date': { en: 'date', es: 'fecha' },
  'csv.levelExpired': { en: '{level} (expired)', es: '{level} (vencida)' },
  'csv.levelUntil': { en: '{level} (until {day})', es: '{level} (hasta el {day})' },
  'csv.hours': { en: 'hours', es: 'horas' },
  'csv.category': { en: 'category', es: 'categoría' },
  'csv.setting': { en: 'setting', es: 'lugar' },
  'csv.status': { en: 'status', es: 'estado' },
  'csv.reviewedBy': { en: 'reviewed_by', es: 'revisado_por' },
  'csv.reviewedOn': { en: 'reviewed_on', es: 'revisado_el' },
  'csv.hoursStatus': {
    en: '{status, select, submitted {submitted} verified {verified} returned {returned} other {{status}}}',
    es: '{status, select, submitted {pendiente de verificar} verified {verificado} returned {devuelto} other {{status}}}',
  },
  'cat.one-to-one': { en: 'One-to-one support', es: 'Apoyo individual' },
  'cat.group': { en: 'Group support', es: 'Apoyo grupal' },
  'cat.crisis-line': { en: 'Crisis line', es: 'Línea de crisis' },
  'cat.outreach': { en: 'Outreach', es: 'Acercamiento comunitario' },
  'cat.co-facilitation': { en: 'Co-facilitation', es: 'Cofacilitación' },
  'cat.peer-specific': { en: 'Peer-specific', es: 'Específica de pares' },
  'cat.ethics': { en: 'Ethics', es: 'Ética' },
  'cat.elective': { en: 'Elective', es: 'Optativa' },
  // the page a browser gets at a wallet exchange's interaction URL (wallet-exchange-page.ts)
  'wallet.didAuthUnsigned': {
    en: 'verifiablePresentation must be signed by the wallet’s DID key for this exchange’s challenge and domain (DID Authentication)',
    es: 'verifiablePresentation debe estar firmada con la clave del DID de la billetera para el desafío y el dominio de este intercambio (autenticación DID)',
  },
  'wallet.didAuthHolder': {
    en: 'verifiablePresentation.holder must be the wallet’s DID',
    es: 'verifiablePresentation.holder debe ser el DID de la billetera',
  },
  'wallet.didAuthFailed': {
    en: 'verifiablePresentation does not authenticate the wallet’s DID: {why}',
    es: 'verifiablePresentation no autentica el DID de la billetera: {why}',
  },
  'walletPage.title': {
    en: 'Add your certificate to a wallet',
    es: 'Agrega tu certificado a una billetera',
  },
  'walletPage.lead': {
    en: 'This link is for a credential wallet app, not for the browser. It puts your Kindred certificate into the wallet on your phone, where you can keep it and show it to anyone.',
    es: 'Este enlace es para una app de billetera de credenciales, no para el navegador. Guarda tu certificado de Kindred en la billetera de tu teléfono, donde puedes conservarlo y mostrárselo a quien quieras.',
  },
  'walletPage.step1': {
    en: 'Install the Learner Credential Wallet (free, for iPhone and Android), or another wallet that supports VC-API exchanges.',
    es: 'Instala Learner Credential Wallet (gratis, para iPhone y Android) u otra billetera compatible con los intercambios VC-API.',
  },
  'walletPage.step2': {
    en: 'On this phone, tap the button: the wallet opens and asks you to accept the certificate.',
    es: 'En este teléfono, toca el botón: la billetera se abre y te pide aceptar el certificado.',
  },
  'walletPage.step3': {
    en: 'On a computer instead? Open your certificate page, choose “Add to wallet”, and scan the QR code with the wallet app.',
    es: '¿Estás en una computadora? Abre la página de tu certificado, elige «Agregar a la billetera» y escanea el código QR con la app de billetera.',
  },
  'walletPage.open': {
    en: 'Open in Learner Credential Wallet',
    es: 'Abrir en Learner Credential Wallet',
  },
  'walletPage.get': {
    en: 'Get the Learner Credential Wallet',
    es: 'Descargar Learner Credential Wallet',
  },
  'walletPage.once': {
    en: 'This link works once, until {time}. After your wallet has used it, nobody else can.',
    es: 'Este enlace sirve una sola vez, hasta el {time}. Después de que tu billetera lo use, nadie más puede.',
  },
  'walletPage.other': {
    en: 'Other wallets that follow the VC-API exchange protocol can start from this address:',
    es: 'Las billeteras que siguen el protocolo de intercambio VC-API pueden empezar desde esta dirección:',
  },
  'walletPage.gone': {
    en: 'This link can no longer be used',
    es: 'Este enlace ya no se puede usar',
  },
  'walletPage.goneLead': {
    en: 'Wallet links work once and for 15 minutes. Make a new one from your certificate page (“Add to wallet”).',
    es: 'Los enlaces para la billetera sirven una sola vez y durante 15 minutos. Crea otro desde la página de tu certificado («Agregar a la billetera»).',
  },
  'walletPage.certificates': { en: 'My certificates', es: 'Mis certificados' },
  'walletPage.otherLanguage': { en: 'En español', es: 'In English' },
  'field.setting': { en: 'setting', es: 'El lugar' },
  'field.reflection': { en: 'reflection', es: 'La reflexión' },
  'field.note': { en: 'note', es: 'La nota' },
  'field.workedOn': { en: 'workedOn', es: 'fecha' },
  'field.hours': { en: 'hours', es: 'horas' },
  'field.category': { en: 'category', es: 'categoría' },
} as const satisfies Record<string, Record<Lang, string>>;

export type MessageId = keyof typeof MESSAGES;
export type MessageParams = Record<string, string | number>;

const compiled = new Map<string, IntlMessageFormat>();

export function say(lang: Lang, id: MessageId, params?: MessageParams): string {
  const key = `${lang}:${id}`;
  let f = compiled.get(key);
  if (!f) {
    f = new IntlMessageFormat(MESSAGES[id][lang], INTL[lang], undefined, { ignoreTag: true });
    compiled.set(key, f);
  }
  const out = f.format(params);
  return Array.isArray(out) ? out.join('') : String(out);
}

/** A moment for people, in their language (in UTC, and said so: the API knows no program time zone). */
export function sayWhen(lang: Lang, at: Date): string {
  const f = new Intl.DateTimeFormat(INTL[lang], {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  return `${f.format(at)} UTC`;
}

/** A calendar day (YYYY-MM-DD) for people: "Dec 2, 2026" / "2 dic 2026". */
export function sayDay(lang: Lang, day: string): string {
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  return new Intl.DateTimeFormat(INTL[lang], { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/**
 * A practice or CE category's name: the pathway's own label in English, the dictionary's word in another
 * language (a category the dictionary does not know keeps the pathway's label).
 */
export function categoryWord(lang: Lang, id: string, label: string): string {
  const key = `cat.${id}`;
  return lang === 'en' || !(key in MESSAGES) ? label : say(lang, key as MessageId);
}

/** A field's name for people (the API field name itself in English, a word in Spanish). */
export function fieldName(lang: Lang, field: string): string {
  const id = `field.${field}`;
  return id in MESSAGES ? say(lang, id as MessageId) : field;
}

/** Text that is said in the reader's language when it leaves the API (see ErrorFilter). */
export class Localized {
  constructor(
    readonly id: MessageId,
    readonly params: MessageParams = {},
    /** Params that are field names, shown as words in the reader's language. */
    readonly fields: string[] = [],
  ) {}

  in(lang: Lang): string {
    const params = { ...this.params };
    for (const f of this.fields) {
      const v = params[f];
      if (typeof v === 'string')
        params[f] = v
          .split(', ')
          .map((name) => fieldName(lang, name))
          .join(', ');
    }
    return say(lang, this.id, params);
  }
}

/** The first supported language of an Accept-Language header, by q weight. */
export function acceptLanguage(header: string | undefined | null): Lang | undefined {
  return (header ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.map((r) => /^\s*q=([\d.]+)/.exec(r)?.[1]).find(Boolean);
      return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((p) => p.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((p) => p.lang)
    .find(isLang);
}

/** The person's language for this request: a saved choice, else the language switch's cookie, else the browser's. */
export function requestLang(req: Request | undefined): Lang {
  if (!req) return 'en';
  const saved = (req.user as SessionUser | undefined)?.locale;
  if (isLang(saved)) return saved;
  const cookie = /(?:^|;\s*)kindred_lang=(\w+)/.exec(req.headers.cookie ?? '')?.[1];
  if (isLang(cookie)) return cookie;
  return acceptLanguage(req.headers['accept-language']) ?? 'en';
}

/** A handler parameter: the person's language for this request (see requestLang). */
export const ReqLang = createParamDecorator((_: unknown, ctx: ExecutionContext): Lang =>
  requestLang(ctx.switchToHttp().getRequest<Request>()),
);

/** The Vary header of an answer whose words follow requestLang (the cookie carries the session and the switch). */
export const VARY_LANGUAGE = 'Accept-Language, Cookie';
