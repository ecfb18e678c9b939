import { test, expect, request } from '@playwright/test';
import { Api, Story, certificatesOf, earnProgram, newVolunteer, program, signOut } from './support';

const UNIVERSITY = 'Riverside University School of Social Work';

test('university staff approve a batch of completions, and the certificates carry the university’s endorsement', async ({
  page,
  baseURL,
}, testInfo) => {
  const story = new Story(testInfo, 'university');
  story.watch(page);

  // Set-up, not the staff's story: two volunteers meet every requirement of the co-issued Accredited Peer
  // Supporter program (through the API); the platform asks the university by itself, and nothing is issued yet.
  const coordinator = await Api.signIn(baseURL!, 'coordinator@kindred.demo');
  const supervisor = await Api.signIn(baseURL!, 'supervisor.ben@kindred.demo');
  const people = ['Mei Tanaka', 'Kwame Asante'];
  const volunteers: Api[] = [];
  for (const name of people) {
    const volunteer = await newVolunteer(baseURL!, coordinator, name, supervisor.user.email);
    await earnProgram(volunteer, supervisor, 'accredited-peer-supporter');
    await expect
      .poll(async () =>
        (
          await coordinator.get<{ pending: { holderName: string; programSlug: string }[] }>(
            `/organizations/${coordinator.orgId}/certificates`,
          )
        ).pending
          .filter((p) => p.holderName === name)
          .map((p) => p.programSlug),
      )
      .toEqual(['accredited-peer-supporter']);
    // nothing of the co-issued program is issued before the university says yes
    expect(
      (await certificatesOf(volunteer)).filter(
        (c) => c.programSlug === 'accredited-peer-supporter',
      ),
    ).toEqual([]);
    volunteers.push(volunteer);
  }

  // The staff member signs in and lands on the accreditation queue.
  await story.signIn(page, 'staff@riverside-university.demo');
  await expect(page).toHaveURL(/\/institution$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Accreditation/);
  // Each request shows the evidence: every requirement met, each sign-off with its date and signer.
  for (const name of people) {
    const card = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name, exact: true }) });
    await expect(card).toContainText('Accredited Peer Supporter');
    const r = program('accredited-peer-supporter').requirements;
    const all = r.courses.length + r.drills.length + r.competencies.length;
    await expect(card).toContainText(`All ${all} requirements met`);
    await expect(card).toContainText(`signed off`);
    await expect(card).toContainText(`by ${supervisor.user.name}`);
  }
  await story.shot(page, 'pending completions');

  // A batch: both selected, approved at once after a confirmation that names the count.
  for (const name of people) await page.getByRole('checkbox', { name: `Select: ${name}` }).check();
  await story.shot(page, 'batch selected');
  await page.getByRole('button', { name: 'Approve the selected' }).click();
  await story.shot(page, 'batch confirmation');
  await page.getByRole('button', { name: 'Yes, approve and issue 2' }).click();
  await expect(page.getByRole('status')).toContainText('2');
  await expect(page.getByRole('status')).toContainText('approved and issued');
  for (const name of people)
    await expect(page.getByRole('checkbox', { name: `Select: ${name}` })).toHaveCount(0);
  await story.shot(page, 'batch approved');

  // Each certificate is issued, names the university, and its credential embeds the university's signed
  // EndorsementCredential about it.
  const issuers = await (await page.request.get('/api/issuers')).json();
  const university = issuers.find((i: { name: string }) => i.name === UNIVERSITY);
  expect(university, 'the university is a known issuer').toBeTruthy();
  const universityDids: string[] = university.keys.map((k: { did: string }) => k.did);
  expect(universityDids.length).toBeGreaterThan(0);

  const anonymous = await request.newContext({ baseURL });
  let firstVerifyUrl = '';
  for (const volunteer of volunteers) {
    const cert = (await certificatesOf(volunteer)).find(
      (c) => c.programSlug === 'accredited-peer-supporter',
    )!;
    expect(cert).toMatchObject({
      programSlug: 'accredited-peer-supporter',
      state: 'active',
      coIssuerName: UNIVERSITY,
    });
    firstVerifyUrl ||= cert.verifyUrl;
    const credential = await (await page.request.get(`/api/credentials/${cert.id}`)).json();
    expect(credential.id).toBe(cert.credentialId);
    const endorsements = (credential.endorsement ?? []) as Record<string, any>[];
    const byUniversity = endorsements.filter(
      (e) =>
        e.type.includes('EndorsementCredential') &&
        universityDids.includes(e.issuer?.id ?? e.issuer),
    );
    expect(byUniversity, 'an EndorsementCredential issued by the university').toHaveLength(1);
    expect(byUniversity[0].credentialSubject.id).toBe(credential.id);
    expect(byUniversity[0].proof).toBeTruthy();
    expect(universityDids).not.toContain(credential.issuer.id ?? credential.issuer); // the program issues; the university endorses
    // and a verifier (anyone, no session) checks the endorsement's own signature
    const response = await anonymous.post('/api/credentials/verify', {
      data: { verifiableCredential: credential },
    });
    expect(response.status(), await response.text()).toBe(200);
    const verified = await response.json();
    expect(verified.verdict).toBe('valid');
    expect(verified.endorsements).toEqual([
      expect.objectContaining({ passed: true, endorserName: UNIVERSITY }),
    ]);
  }

  // The staff member looks at one as an employer would see it.
  await page.goto(firstVerifyUrl);
  await expect(page.getByTestId('verdict').getByRole('heading', { level: 2 })).toHaveText(
    /\bValid\b/,
  );
  await expect(page.getByTestId('verdict')).toContainText('Endorsements');
  await expect(page.getByTestId('verdict')).toContainText(UNIVERSITY);
  await story.shot(page, 'endorsed certificate verified');

  await signOut(page);
  await story.shot(page, 'signed out');

  story.done();
  await anonymous.dispose();
  await Promise.all([coordinator, supervisor, ...volunteers].map((a) => a.dispose()));
});
