// One worker of the batch-issuance benchmark: endorse, sign and render `count` certificates.
import { parentPort, workerData } from 'node:worker_threads';
import { buildOpenBadgeCredential, embedEndorsements, generateIssuerKeyPair, renderCertificatePdf, signCredential, signEndorsement } from '@kindred/certificates';

const city = await generateIssuerKeyPair();
const uni = await generateIssuerKeyPair();
const cityProfile = { id: city.did, name: 'Riverside Peer Support Network', url: 'https://city.example' };
const uniProfile = { id: uni.did, name: 'Riverside University', url: 'https://uni.example' };
for (let i = 0; i < workerData.count; i++) {
  const validFrom = new Date(Date.now() - 60_000);
  const unsigned = buildOpenBadgeCredential({
    issuer: cityProfile, validFrom, validUntil: new Date(validFrom.getTime() + 6e10),
    holder: { name: `Volunteer ${i}`, email: `v${i}@example.org` },
    achievement: { id: 'https://kindred.example/programs/accredited', name: 'Accredited Peer Supporter', description: 'Accredited program.', criteriaNarrative: 'All four courses and seventeen competencies.', creator: uniProfile, creditsAvailable: 3 },
    creditsEarned: 3,
  });
  const endorsement = await signEndorsement({ credentialId: unsigned.id, endorser: uniProfile, comment: 'Accredited for 3.0 CEUs.', validFrom }, uni);
  const signed = await signCredential(embedEndorsements(unsigned, [endorsement]), city);
  await renderCertificatePdf({ holderName: `Volunteer ${i}`, achievementName: 'Accredited Peer Supporter', issuerName: cityProfile.name, coIssuerName: uniProfile.name, validFrom, credits: '3.0 CEUs', certificateId: signed.id, verifyUrl: `https://kindred.example/verify/${signed.id}`, credentialJson: signed });
}
parentPort.postMessage('done');
