import type { eligibilityEn } from './eligibility.en';

/** UI strings of certificate progress and renewal (Spanish); spread into es.ts. */
export const eligibilityEs: Record<keyof typeof eligibilityEn, string> = {
  'elig.title': 'Camino hacia un certificado',
  'elig.lead':
    'Cada programa indica lo que pide. Cuando todo está hecho, tu certificado se emite solo; un certificado coemitido por una universidad espera antes su aprobación.',
  'elig.progress': 'Progreso hacia {name}',
  'elig.progressText': '{done} de {total} requisitos cumplidos',
  'elig.allMet': 'Todo está hecho.',
  'elig.held':
    'Tienes este certificado. Se renueva solo cuando tu supervisor vuelve a validar sus habilidades antes de que caduque.',
  'elig.pending': 'Todo está hecho: falta que la universidad apruebe tu certificado.',
  'elig.coIssued': 'Coemitido con una universidad',
  'elig.kind.course': 'Curso',
  'elig.kind.drill': 'Simulación de práctica',
  'elig.kind.competency': 'Habilidad',
  'elig.done': 'hecho',
  'elig.notDone': 'pendiente',
  'elig.signedUntil': 'validada hasta el {date}',
  'elig.reason.course': 'aún sin terminar',
  'elig.reason.drill': 'aún sin aprobar',
  'elig.reason.level': 'requiere {required}; ahora {level}',
  'elig.reason.signoff': 'esperando la validación de un supervisor',
  'elig.reason.expired': 'la validación ha caducado: pide una nueva a tu supervisor',
  'verify.renewed':
    'Este certificado fue renovado: uno más reciente lo sustituye. No fue revocado.',
  'verify.renewedLink': 'Comprobar el certificado más reciente',
  'verify.walletCopy':
    'Desde entonces la persona titular guardó este certificado en una billetera digital. Esa copia, con las mismas fechas, sustituye a esta. No fue revocado.',
  'verify.walletCopyLink': 'Comprobar la copia de la billetera',
};
