import { test, expect } from '@playwright/test';
import {
  Api,
  completeCourse,
  content,
  drill,
  newVolunteer,
  playDrill,
  program,
  signOff,
} from '../journeys/support';
import { signIn } from './support';

test('university staff select all, or approve every completion shown in one go', async ({
  page,
  baseURL,
}) => {
  const coordinator = await Api.signIn(baseURL!, 'coordinator@kindred.demo');
  const names = ['Batch Alpha', 'Batch Beta', 'Batch Gamma'];
  const holders: string[] = [];
  for (const name of names) {
    const volunteer = await newVolunteer(
      baseURL!,
      coordinator,
      name,
      'supervisor.ben@kindred.demo',
    );
    const r = await coordinator.post<{ state: string }>(
      `/organizations/${coordinator.orgId}/certificates`,
      {
        holderUserId: volunteer.user.id,
        program: 'accredited-peer-supporter',
        reason: 'Set-up of this test',
      },
    );
    expect(r.state).toBe('pending');
    holders.push(volunteer.user.id);
  }

  await signIn(page, 'staff@riverside-university.demo');
  await expect(page).toHaveURL(/\/institution$/);
  await page.waitForLoadState('networkidle');
  const rows = await page.getByRole('checkbox', { name: /^Select: / }).count();
  expect(rows).toBeGreaterThanOrEqual(3);

  // "Select all" ticks every row and the button counts them; unticking clears them.
  await page.getByRole('checkbox', { name: 'Select all' }).check();
  await expect(
    page.getByRole('checkbox', { name: /^Select: / }).and(page.locator(':checked')),
  ).toHaveCount(rows);
  await expect(page.getByRole('button', { name: `Approve the selected (${rows})` })).toBeVisible();
  await page.getByRole('checkbox', { name: 'Select all' }).uncheck();
  await expect(
    page.getByRole('checkbox', { name: /^Select: / }).and(page.locator(':checked')),
  ).toHaveCount(0);

  // "Approve all" asks first, naming the count; then approves exactly what the page showed, in one go.
  await page.getByRole('button', { name: `Approve all ${rows}` }).click();
  const confirm = page.getByRole('alertdialog', {
    name: `Approve and issue ${rows} certificates?`,
  });
  await expect(confirm).toBeVisible();
  const { pending: stillPending } = await coordinator.get<{ pending: unknown[] }>(
    `/organizations/${coordinator.orgId}/certificates`,
  );
  expect(stillPending.length, 'nothing is approved before the confirmation').toBeGreaterThanOrEqual(
    3,
  );
  await confirm.getByRole('button', { name: `Yes, approve and issue ${rows}` }).click();
  await expect(page.getByRole('status')).toHaveText(`${rows} certificates approved and issued.`);
  await expect(page.getByText('No completions are waiting for your review')).toBeVisible();
  const { certificates } = await coordinator.get<{
    certificates: { holderName: string; programSlug: string; state: string }[];
  }>(`/organizations/${coordinator.orgId}/certificates`);
  for (const name of names) {
    expect(
      certificates.filter(
        (c) =>
          c.holderName === name &&
          c.programSlug === 'accredited-peer-supporter' &&
          c.state === 'active',
      ),
      name,
    ).toHaveLength(1);
  }
});

test.describe('the evidence behind each request, on a phone @phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('each pending request shows what the program requires, the evidence with dates and who signed, and a revocation; a batch asks first', async ({
    page,
    baseURL,
  }) => {
    const coordinator = await Api.signIn(baseURL!, 'coordinator@kindred.demo');
    const supervisor = await Api.signIn(baseURL!, 'supervisor.ben@kindred.demo');
    const v = await newVolunteer(baseURL!, coordinator, 'Evidence Eve', supervisor.user.email);
    await completeCourse(v, 'peer-roles');
    await playDrill(v, 'deesc-library-01');
    await signOff(v, supervisor, 'PEER.1');
    const earlier = await coordinator.post<{ id: string }>(
      `/organizations/${coordinator.orgId}/certificates`,
      { holderUserId: v.user.id, program: 'foundations', reason: 'Set-up of this test' },
    );
    await coordinator.post(`/certificates/${earlier.id}/revoke`, {
      reason: 'Issued in error',
      category: 'issued_in_error',
    });
    const second = await newVolunteer(
      baseURL!,
      coordinator,
      'Evidence Finn',
      supervisor.user.email,
    );
    for (const who of [v, second])
      await coordinator.post(`/organizations/${coordinator.orgId}/certificates`, {
        holderUserId: who.user.id,
        program: 'accredited-peer-supporter',
        reason: 'Set-up of this test',
      });

    await signIn(page, 'staff@riverside-university.demo');
    await expect(page).toHaveURL(/\/institution$/);
    const card = page.getByRole('listitem').filter({
      has: page.getByRole('heading', { name: 'Evidence Eve' }),
    });
    await expect(card).toContainText('Accredited Peer Supporter');
    const required = program('accredited-peer-supporter').requirements;
    const count = required.courses.length + required.drills.length + required.competencies.length;
    await expect(card).toContainText(`of ${count} requirements met`);
    // anything notable is in view without opening anything
    await expect(card.getByRole('note')).toContainText(
      /Kindred Peer Supporter Foundations: revoked on/,
    );
    await expect(card.getByRole('note')).not.toContainText('Issued in error');
    const evidence = card.locator('details');
    if ((await evidence.getAttribute('open')) === null)
      await card.getByText('Evidence for Evidence Eve').click();
    const course = content().courses.find((c) => c.slug === 'peer-roles')!.title;
    await expect(evidence.getByRole('listitem').filter({ hasText: course })).toContainText(
      /completed \S+/,
    );
    await expect(
      evidence.getByRole('listitem').filter({ hasText: drill('deesc-library-01').title }),
    ).toContainText(/passed [^()]+ \(\d+ of \d+\)/);
    await expect(evidence.getByRole('listitem').filter({ hasText: 'PEER.1' })).toContainText(
      `signed off`,
    );
    await expect(evidence.getByRole('listitem').filter({ hasText: 'PEER.1' })).toContainText(
      `by ${supervisor.user.name}`,
    );
    await expect(evidence.getByRole('listitem').filter({ hasText: 'PEER.2' })).toContainText(
      'missing',
    );
    const other = page.getByRole('listitem').filter({
      has: page.getByRole('heading', { name: 'Evidence Finn' }),
    });
    await expect(other).toContainText('Nothing notable');
    // no sideways scrolling on a phone
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      390,
    );
    await card.getByRole('heading', { name: 'Evidence Eve' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/institution-evidence-390.png' });
    await evidence.getByRole('heading', { name: 'Skills signed off' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/institution-signoffs-390.png' });

    // Two selected: the batch asks for a confirmation naming the count; cancelling approves nothing.
    await card.getByRole('checkbox').check();
    await other.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Approve the selected (2)' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Approve and issue 2 certificates?' });
    await expect(confirm).toBeVisible();
    await expect(confirm.getByRole('button', { name: 'Yes, approve and issue 2' })).toBeFocused();
    await page.screenshot({ path: 'test-results/institution-confirm-390.png' });
    await confirm.getByRole('link', { name: 'Cancel' }).click();
    await expect(page.getByRole('heading', { name: 'Evidence Eve' })).toBeVisible();
    expect(
      (await v.get<{ programSlug: string; state: string }[]>('/certificates/mine')).filter(
        (c) => c.programSlug === 'accredited-peer-supporter',
      ),
    ).toEqual([]);
    // one by one needs no confirmation
    await page.getByRole('button', { name: 'Approve: Evidence Eve' }).click();
    await expect(page.getByRole('status')).toHaveText('1 certificate approved and issued.');
  });
});
