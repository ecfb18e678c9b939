/** UI strings of certificate progress and renewal (English); spread into en.ts. */
export const eligibilityEn = {
  'elig.title': 'On the way to a certificate',
  'elig.lead':
    'Each program lists what it asks for. When everything is done, your certificate is issued by itself; a certificate co-issued by a university waits for its approval first.',
  'elig.progress': 'Progress towards {name}',
  'elig.progressText': '{done} of {total} requirements done',
  'elig.allMet': 'Everything is done.',
  'elig.held':
    'You hold this certificate. It is renewed by itself when your supervisor signs off its skills again before it runs out.',
  'elig.pending': 'Everything is done: waiting for the university to approve your certificate.',
  'elig.coIssued': 'Co-issued with a university',
  'elig.kind.course': 'Course',
  'elig.kind.drill': 'Practice drill',
  'elig.kind.competency': 'Skill',
  'elig.done': 'done',
  'elig.notDone': 'not done',
  'elig.signedUntil': 'signed off until {date}',
  'elig.reason.course': 'not completed yet',
  'elig.reason.drill': 'not passed yet',
  'elig.reason.level': 'needs {required}; now {level}',
  'elig.reason.signoff': 'waiting for a supervisor’s sign-off',
  'elig.reason.expired': 'the sign-off has run out: ask your supervisor for a new one',
  'verify.renewed':
    'This certificate was renewed: a newer certificate replaces it. It was not revoked.',
  'verify.renewedLink': 'Check the newer certificate',
  'verify.walletCopy':
    'The holder has since taken this certificate to a digital wallet. That copy, with the same dates, replaces this one. This one was not revoked.',
  'verify.walletCopyLink': 'Check the wallet copy',
} as const;
