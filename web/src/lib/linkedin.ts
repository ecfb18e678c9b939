/**
 * LinkedIn's "Add to profile" link for a certification (its documented `startTask=CERTIFICATION_NAME`
 * parameters): the name, the issuing organization, issue and expiry month, the credential's id and the
 * page where anyone can check it. Nothing is sent to LinkedIn until the holder follows the link.
 */
export function linkedInAddUrl(c: {
  name: string;
  issuerName: string;
  issuedAt: string;
  validUntil: string | null;
  credentialId: string;
  verifyUrl: string;
}): string {
  const issued = new Date(c.issuedAt);
  const q = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: c.name,
    organizationName: c.issuerName,
    issueYear: String(issued.getUTCFullYear()),
    issueMonth: String(issued.getUTCMonth() + 1),
  });
  if (c.validUntil) {
    const until = new Date(c.validUntil);
    q.set('expirationYear', String(until.getUTCFullYear()));
    q.set('expirationMonth', String(until.getUTCMonth() + 1));
  }
  q.set('certUrl', c.verifyUrl);
  q.set('certId', c.credentialId);
  return `https://www.linkedin.com/profile/add?${q.toString()}`;
}
