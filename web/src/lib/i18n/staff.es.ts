import type { staffEn } from './staff.en';

/** Textos de la revisión de la universidad, los certificados del coordinador y los avisos (español). */
export const staffEs: Record<keyof typeof staffEn, string> = {
  'review.met': 'Los {total} requisitos cumplidos',
  'review.partly': '{done} de {total} requisitos cumplidos',
  'review.evidence': 'Evidencia de {name}',
  'review.courses': 'Cursos',
  'review.drills': 'Simulacros de práctica',
  'review.signoffs': 'Habilidades validadas',
  'review.completed': 'completado el {date}',
  'review.passed': 'aprobado el {date} ({score})',
  'review.signedBy': '{level}, validado el {date} por {by}',
  'review.until': 'vigente hasta el {date}',
  'review.missing': 'falta',
  'review.reason.course': 'sin completar',
  'review.reason.drill': 'sin aprobar',
  'review.reason.level': 'requiere {required}, tiene {level}',
  'review.reason.signoff': 'sin validación de un supervisor',
  'review.reason.expired': 'la validación ha vencido',
  'review.notable': 'A tener en cuenta en el historial de esta persona',
  'review.nothingNotable': 'Nada a destacar: ningún certificado revocado, suspendido o caducado.',
  'review.notable.revoked': '{subject}: revocado el {date}',
  'review.notable.suspended': '{subject}: suspendido el {date}',
  'review.notable.expired': '{subject}: venció el {date}',
  'review.notable.declined': '{subject}: tu universidad lo rechazó el {date}',
  'review.notable.lapsed': 'Itinerario caducado desde el {date}',
  'review.notable.signoff_expired': '{subject}: la validación venció el {date}',
  'review.confirmTitle': '¿Aprobar y emitir {n} certificados?',
  'review.confirmText':
    'Cada uno se firma en el acto en nombre de la universidad y no se puede deshacer; solo el programa puede revocarlo. ¿Has revisado la evidencia de cada uno?',
  'review.confirmYes': 'Sí, aprobar y emitir {n}',
  'adminCerts.handReason':
    'Motivo para emitirlo a mano (necesario si faltan requisitos; queda en el registro de auditoría)',
  'adminCerts.waitingFor': 'esperando a {university} desde el {date}',
  'adminCerts.noPending': 'Ningún certificado espera a una universidad.',
  'adminCerts.confirmRevoke': '¿Revocar este certificado para siempre?',
  'adminCerts.confirmRevokeText':
    'Quien lo verifique lo verá revocado en el acto, y no se puede deshacer. Motivo: «{reason}».',
  'adminCerts.confirmRevokeYes': 'Sí, revocar para siempre',
  'review.cancel': 'Cancelar',
};
