// page.evaluate callbacks below run in the browser, so this file sees the DOM types.
/// <reference lib="dom" />
import { test, expect, request } from '@playwright/test';
import { DEMO_PASSWORD, signIn } from './support';

// Issue 13: sign-in never sends a person off-site, an invitation never signs anyone in as an existing
// account, and the reset page says where reset links go when no mail is set up.

for (const next of ['/\\evil.example', '/%09/evil.example', '//evil.example', '/\\/evil.example']) {
  test(`sign-in with ?next=${next} stays on this site`, async ({ page, baseURL }) => {
    await page.goto(`/sign-in?next=${next}`);
    await page.waitForLoadState('networkidle');
    await page.getByLabel('E-mail').fill('coordinator@kindred.demo');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/admin$/);
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  });
}

test('sign-in with a same-site ?next= goes there', async ({ page }) => {
  await page.goto('/sign-in?next=%2Fadmin%2Fcertificates');
  await page.waitForLoadState('networkidle');
  await page.getByLabel('E-mail').fill('coordinator@kindred.demo');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/admin\/certificates$/);
});

test('@phone an invitation to an existing account asks that person to sign in, then adds the membership', async ({
  page,
  baseURL,
}) => {
  // The coordinator invites the university's staff member (who has an account) into the program.
  const api = await request.newContext({ baseURL });
  const login = await api.post('/api/auth/login', {
    data: { email: 'coordinator@kindred.demo', password: DEMO_PASSWORD },
  });
  const { csrfToken, user } = await login.json();
  const orgId = user.memberships.find((m: { role: string }) => m.role === 'coordinator')
    .organizationId as string;
  const created = await api.post('/api/invites', {
    headers: { 'x-csrf-token': csrfToken },
    data: {
      email: 'staff@riverside-university.demo',
      name: 'Someone Else',
      role: 'supervisor',
      organizationId: orgId,
    },
  });
  expect(created.status()).toBe(201);
  const link = new URL((await created.json()).link as string);

  await page.goto(link.pathname);
  await expect(
    page.getByRole('heading', { name: 'You already have an account: sign in to accept' }),
  ).toBeVisible();
  await expect(page.getByLabel(/Choose a password/)).toHaveCount(0);
  await page.screenshot({ path: 'test-results/trust-invite-existing.png', fullPage: true });

  await page.getByRole('link', { name: 'Sign in to accept' }).click();
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.waitForLoadState('networkidle');
  await page.getByLabel('E-mail').fill('staff@riverside-university.demo');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`${link.pathname}$`));
  await page.getByRole('button', { name: 'Accept the invitation' }).click();
  await expect(page).not.toHaveURL(new RegExp(`${link.pathname}$`));

  // The same password still works; the link is used up.
  const again = await request.newContext({ baseURL });
  const me = await again.post('/api/auth/login', {
    data: { email: 'staff@riverside-university.demo', password: DEMO_PASSWORD },
  });
  expect(me.status()).toBe(200);
  const roles = (await me.json()).user.memberships.map((m: { role: string }) => m.role);
  expect(roles).toEqual(expect.arrayContaining(['institution_staff', 'supervisor']));
  expect((await again.get(`/api/invites${link.pathname.slice('/invite'.length)}`)).status()).toBe(
    410,
  );
});

test('@phone the reset page says reset links go only to the server log when no mail is set up', async ({
  page,
}) => {
  await page.goto('/forgot-password');
  await expect(page.getByTestId('reset-delivery')).toContainText('reset links go only to its log');
  await page.screenshot({ path: 'test-results/trust-forgot-password.png', fullPage: true });
});

test('signed in as someone else, the invitation says so and does not accept', async ({
  page,
  baseURL,
}) => {
  const api = await request.newContext({ baseURL });
  const login = await api.post('/api/auth/login', {
    data: { email: 'coordinator@kindred.demo', password: DEMO_PASSWORD },
  });
  const { csrfToken, user } = await login.json();
  const orgId = user.memberships.find((m: { role: string }) => m.role === 'coordinator')
    .organizationId as string;
  const created = await api.post('/api/invites', {
    headers: { 'x-csrf-token': csrfToken },
    data: { email: 'priya@kindred.demo', name: 'Priya', role: 'supervisor', organizationId: orgId },
  });
  const link = new URL((await created.json()).link as string);
  await signIn(page, 'jordan@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  await page.goto(link.pathname);
  await expect(page.getByRole('status')).toContainText('This invitation is for priya@kindred.demo');
  await expect(page.getByRole('button', { name: 'Accept the invitation' })).toHaveCount(0);
});

test('@phone a batch approval stopped by an error midway says what was approved and what still waits', async ({
  page,
  baseURL,
}) => {
  const { Api, newVolunteer } = await import('../journeys/support');
  const coordinator = await Api.signIn(baseURL!, 'coordinator@kindred.demo');
  // letters only: newVolunteer makes the e-mail from the name
  const stamp = Date.now()
    .toString(36)
    .replace(/\d/g, (d) => 'abcdefghij'[Number(d)]);
  const names = ['Midway One', 'Midway Two', 'Midway Three'].map((n) => `${n} ${stamp}`);
  for (const name of names) {
    const volunteer = await newVolunteer(
      baseURL!,
      coordinator,
      name,
      'supervisor.ben@kindred.demo',
    );
    await coordinator.post(`/organizations/${coordinator.orgId}/certificates`, {
      holderUserId: volunteer.user.id,
      program: 'accredited-peer-supporter',
      reason: 'Set-up of this test',
    });
  }
  await signIn(page, 'staff@riverside-university.demo');
  // (an earlier test made this person a supervisor too, so their home may be another page)
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  await page.goto('/institution');
  await page.waitForLoadState('networkidle');
  for (const name of names) await page.getByRole('checkbox', { name: `Select: ${name}` }).check();
  // A request that no longer exists (decided elsewhere, say) stops the batch midway.
  await page.evaluate(() => {
    const box = document.querySelector('input[name="requestIds"]')!;
    const gone = box.cloneNode() as HTMLInputElement;
    gone.value = '00000000-0000-4000-8000-000000000000';
    gone.checked = true;
    box.closest('form')!.appendChild(gone);
  });
  await page.getByRole('button', { name: /^Approve the selected/ }).click();
  // A batch asks for a confirmation naming the count first.
  await page
    .getByRole('alertdialog')
    .getByRole('button', { name: /^Yes, approve and issue/ })
    .click();
  const outcome = page.getByTestId('batch-outcome');
  await expect(outcome).toBeVisible();
  await expect(page.getByRole('alert')).toBeVisible();
  const text = (await outcome.textContent()) ?? '';
  const m =
    /(\d+) of the chosen certificates? (?:was|were) approved and issued before the error; (\d+) still wait/.exec(
      text,
    );
  expect(m, text).toBeTruthy();
  const [approved, waiting] = [Number(m![1]), Number(m![2])];
  expect(approved + waiting).toBe(3);
  // The approved ones are named; those still waiting are the rows left in the list.
  const listed = await outcome.getByRole('listitem').allTextContents();
  expect(listed).toHaveLength(approved);
  for (const name of listed) expect(names).toContain(name);
  for (const name of names)
    await expect(page.getByRole('checkbox', { name: `Select: ${name}` })).toHaveCount(
      listed.includes(name) ? 0 : 1,
    );
  await page.screenshot({ path: 'test-results/trust-batch-midway.png', fullPage: true });
});
