import { test, expect, devices, request, type Page } from '@playwright/test';
import { extractCredentialFromPdf } from '@kindred/certificates';
import { readFileSync } from 'node:fs';
import {
  Api,
  Story,
  assign,
  awaitCertificate,
  completeCourse,
  decide,
  openMenu,
  playDrill,
  program,
  answerCheck,
  signOff,
  signOut,
} from './support';

// The volunteer's whole story happens on a phone.
const { defaultBrowserType: _ignored, ...pixel } = devices['Pixel 7'];
test.use(pixel);

const NAME = 'Rosa Delgado';
const PASSWORD = 'my-evening-password';

const passCheck = (page: Page, moduleId: string) => answerCheck(page, moduleId);

test('a volunteer accepts an invite on a phone, learns over two evenings, plays a drill, asks for sign-off and downloads the certificate', async ({
  page,
  browser,
  baseURL,
}, testInfo) => {
  const story = new Story(testInfo, 'volunteer');
  story.watch(page);
  const email = `rosa.delgado.${Date.now()}@example.org`;

  // ---- The coordinator invites her (on a desktop, in a browser of their own).
  const desk = await browser.newContext({ ...devices['Desktop Chrome'] });
  const admin = story.watch(await desk.newPage());
  await story.signIn(admin, 'coordinator@kindred.demo');
  await expect(admin).toHaveURL(/\/admin$/);
  await admin.getByLabel('Name').fill(NAME);
  await admin.getByLabel('E-mail').fill(email);
  await admin.getByLabel('Role').selectOption('volunteer');
  await admin.getByRole('button', { name: 'Send invitation' }).click();
  await expect(admin.getByRole('status')).toContainText(`Invitation created for ${email}`);
  // No SMTP server here: the mail waits in the outbox on the coordinator's page.
  await admin.reload();
  await admin.getByText(`— ${email}`).first().click();
  const body = await admin
    .getByTestId('mail-body')
    .filter({ hasText: '/invite/' })
    .first()
    .textContent();
  const link = /http:\/\/\S+\/invite\/\S+/.exec(body ?? '')?.[0];
  expect(link, 'the invitation mail holds a link').toBeTruthy();
  await story.shot(admin, 'coordinator invites rosa');
  await signOut(admin);
  await story.shot(admin, 'coordinator signed out');
  await desk.close();

  // ---- She accepts it on her phone.
  await page.goto(new URL(link!).pathname);
  await expect(page.getByRole('heading', { name: 'Welcome to Kindred' })).toBeVisible();
  await page.getByLabel(/Choose a password/).fill(PASSWORD);
  await story.shot(page, 'invitation');
  await page.getByRole('button', { name: 'Create my account' }).click();
  await expect(page).toHaveURL(/\/learn$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My learning');
  await story.shot(page, 'my learning, first time');

  // Not her story: the coordinator puts her in Ana's cohort (through the API).
  const coordinator = await Api.signIn(baseURL!, 'coordinator@kindred.demo');
  const supervisor = await Api.signIn(baseURL!, 'supervisor.ana@kindred.demo');
  const rosaApi = await Api.signIn(baseURL!, email, PASSWORD);
  await assign(coordinator, rosaApi.user.id, 'supervisor.ana@kindred.demo');

  // ---- Evening one: enrolls, reads the first module, passes its check, starts the second, takes a break.
  await page.getByRole('link', { name: 'Peer roles and boundaries' }).first().click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Peer roles and boundaries' }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Enroll in this course' }).click();
  await expect(
    page.getByRole('progressbar', { name: 'Peer roles and boundaries' }),
  ).toHaveAttribute('value', '0');
  await story.shot(page, 'course page enrolled');
  await page.getByRole('link', { name: 'What a peer supporter does' }).click();
  await expect(page.getByRole('heading', { name: 'Before you begin' })).toBeVisible();
  await story.shot(page, 'content note');
  await page.getByRole('link', { name: 'Continue to the module' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'What a peer supporter does' }),
  ).toBeVisible();
  await story.shot(page, 'reading module one');
  await page.getByRole('link', { name: 'Take the knowledge check' }).click();
  await passCheck(page, 'peer-01');
  await story.shot(page, 'knowledge check answered');
  await page.getByRole('button', { name: 'Check my answers' }).click();
  await expect(page.getByRole('status')).toContainText('You passed');
  await expect(page.getByText('This module is done.')).toBeVisible();
  await story.shot(page, 'knowledge check passed');

  await page.goto('/learn');
  await expect(page.getByText('1 of 4 modules done').first()).toBeVisible();
  await page.getByRole('link', { name: /Start: Boundaries and confidentiality/ }).click();
  await page.getByRole('link', { name: 'Continue to the module' }).click();
  const place = page.getByRole('heading', { name: 'Documentation: factual and minimal' });
  await place.evaluate((h) => h.scrollIntoView());
  await expect(page.locator('form.break input[name=position]')).toHaveValue(
    'documentation-factual-and-minimal',
  );
  await story.shot(page, 'reading module two');
  await page.getByRole('button', { name: 'Take a break' }).click();
  await expect(page.getByRole('heading', { name: 'Taking a break' })).toBeVisible();
  await story.shot(page, 'taking a break');
  await signOut(page);
  await story.shot(page, 'signed out for the night');

  // ---- Evening two: signs in, is offered the module she was in, and lands where she stopped.
  await story.signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/learn$/);
  await expect(
    page.getByRole('progressbar', { name: 'Peer roles and boundaries' }).first(),
  ).toHaveAttribute('value', '25'); // one of four modules done
  await story.shot(page, 'back the next evening');
  await page.getByRole('link', { name: /Continue: Boundaries and confidentiality/ }).click();
  await expect(page.getByRole('link', { name: 'Continue where you left off' })).toHaveAttribute(
    'href',
    '#documentation-factual-and-minimal',
  );
  await story.shot(page, 'offered her place');
  await page.getByRole('link', { name: 'Continue where you left off' }).click();
  await expect(page).toHaveURL(/#documentation-factual-and-minimal$/);
  await expect(place).toBeInViewport();
  await page.getByRole('link', { name: 'Take the knowledge check' }).click();
  await passCheck(page, 'peer-02');
  await page.getByRole('button', { name: 'Check my answers' }).click();
  await expect(page.getByRole('status')).toContainText('You passed');
  await story.shot(page, 'second check passed');
  await page.goto('/learn');
  await expect(
    page.getByRole('progressbar', { name: 'Peer roles and boundaries' }).first(),
  ).toHaveAttribute('value', '50'); // two of four modules done
  await story.shot(page, 'two modules done');

  // ---- A practice drill, played to the debrief.
  await page.getByRole('link', { name: 'Practice drills' }).click();
  await story.shot(page, 'drills');
  await page.getByRole('link', { name: 'Raised voices at the library desk' }).click();
  await expect(page.getByRole('heading', { name: 'Content note' })).toBeVisible();
  await story.shot(page, 'drill content note');
  await page.getByRole('button', { name: 'Start' }).click();
  const path: RegExp[] = [
    /^Pause for a few seconds/,
    /^Walk over slowly/,
    /^“Hi, I'm Sam/,
    /^“Marcus, it's due at five/,
    /^“You're right that losing/,
    /^“Here are two options/,
    /^Stay calm and ask directly/,
    /^Tier 2:/,
  ];
  for (const [i, choice] of path.entries()) {
    await page.getByRole('button', { name: choice }).click();
    await expect(page.getByRole('heading', { name: 'How that went' })).toBeVisible();
    if (i === 0) await story.shot(page, 'drill feedback');
    if (i < path.length - 1) await page.getByRole('link', { name: 'Continue' }).click();
  }
  await page.getByRole('link', { name: 'See the debrief' }).click();
  await expect(page.getByRole('heading', { name: /Outcome: referred to more help/ })).toBeVisible();
  await page
    .getByLabel(/Which moment in this drill was hardest/)
    .fill('Asking about suicide directly.');
  await page.getByRole('button', { name: 'Save my reflection' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await story.shot(page, 'drill debrief');

  // ---- She asks her supervisor to sign off a skill. (Finishing the course work and the drill put some skills
  // in her supervisor's queue by themselves; active listening she asks for, with her reflection.)
  await page.goto('/learn');
  await page.getByRole('link', { name: 'See my competency map' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My competencies');
  await page.getByRole('combobox', { name: 'Competency' }).selectOption('PEER.2');
  await page
    .getByLabel('Reflection (optional)')
    .fill('In the library drill I reflected what Marcus said before offering anything.');
  await page
    .getByLabel('Prior learning to count (optional)')
    .fill('Active listening workshop at the community college, 2025');
  await story.shot(page, 'asking for sign-off');
  await page.getByRole('button', { name: 'Request sign-off' }).click();
  await expect(page.getByRole('status')).toContainText('supervisor’s queue');
  await expect(page.getByTestId('competency-PEER.2').getByTestId('request-status')).toContainText(
    'Waiting for your supervisor',
  );
  await story.shot(page, 'sign-off requested');

  // Not the focal story (the supervisor's journey shows it in the browser), through the API: Ana signs off
  // PEER.2; Rosa finishes the second course and drill of the Foundations program; Ana signs off the rest.
  const queue =
    await supervisor.get<{ id: string; volunteerId: string; competencyId: string }[]>(
      '/supervision/queue',
    );
  const mine = queue.find((q) => q.volunteerId === rosaApi.user.id && q.competencyId === 'PEER.2');
  expect(mine, 'her request is in the supervisor’s queue').toBeTruthy();
  await decide(supervisor, mine!.id);
  const foundations = program('foundations').requirements;
  expect(foundations.courses).toEqual(['peer-roles', 'crisis-de-escalation']);
  await completeCourse(rosaApi, 'peer-roles'); // the two modules she has not read on the page
  await completeCourse(rosaApi, 'crisis-de-escalation');
  for (const d of foundations.drills) if (d !== 'deesc-library-01') await playDrill(rosaApi, d);
  for (const c of foundations.competencies) await signOff(rosaApi, supervisor, c.id);

  // ---- The certificate arrives by itself (the last sign-off made her eligible); she downloads the PDF.
  await awaitCertificate(rosaApi, 'foundations');
  await page.goto('/learn');
  await openMenu(page); // on her phone the header's links are under Menu
  await page.getByRole('link', { name: 'My certificates' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My certificates');
  const card = page
    .getByTestId('certificate')
    .filter({ hasText: 'Kindred Peer Supporter Foundations' });
  await expect(card).toHaveCount(1);
  await expect(card.locator('.badge').first()).toHaveText('active');
  await story.shot(page, 'certificate received');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    card.getByRole('link', { name: 'Download PDF' }).click(),
  ]);
  const pdf = readFileSync(await download.path());
  await testInfo.attach('rosa-certificate.pdf', { body: pdf, contentType: 'application/pdf' });
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const credential = extractCredentialFromPdf(pdf) as Record<string, any>;
  const [held] =
    await rosaApi.get<{ credentialId: string; programSlug: string }[]>('/certificates/mine');
  expect(held.programSlug).toBe('foundations');
  expect(credential.id).toBe(held.credentialId);
  expect(credential.credentialSubject.name ?? credential.credentialSubject.identifier).toBeTruthy();
  expect(JSON.stringify(credential.credentialSubject)).toContain(NAME);
  expect(credential.proof).toBeTruthy();
  // The embedded credential is the signed one, and it verifies.
  const anyone = await request.newContext({ baseURL });
  const check = await anyone.post('/api/credentials/verify', {
    data: { verifiableCredential: credential },
  });
  expect((await check.json()).verdict).toBe('valid');
  await anyone.dispose();

  await signOut(page);
  story.done();
  await Promise.all([coordinator, supervisor, rosaApi].map((a) => a.dispose()));
});
