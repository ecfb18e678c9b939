import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { Api, Story, newVolunteer, signOut } from './support';

async function scoreAll(page: Page, level: string) {
  await page.waitForLoadState('networkidle'); // hydrated: nothing resets the choices afterwards
  for (const radio of await page.locator(`input[type="radio"][value="${level}"]`).all()) {
    await radio.check();
    await expect(radio).toBeChecked();
  }
}

test('a supervisor works the sign-off queue with the rubric, runs a group drill as facilitator and exports the cohort', async ({
  page,
  baseURL,
}, testInfo) => {
  const story = new Story(testInfo, 'supervisor');
  story.watch(page);

  // Set-up through the API, not the supervisor's story: two new volunteers in Ana's cohort ask for sign-off
  // (the volunteer's own journey does this in the browser).
  const coordinator = await Api.signIn(baseURL!, 'coordinator@kindred.demo');
  const lucia = await newVolunteer(
    baseURL!,
    coordinator,
    'Lucia Moreno',
    'supervisor.ana@kindred.demo',
  );
  const tariq = await newVolunteer(
    baseURL!,
    coordinator,
    'Tariq Mahmoud',
    'supervisor.ana@kindred.demo',
  );
  await lucia.post('/me/competencies/PEER.3/signoff-requests', {
    reflection: 'I kept my own story to a sentence and turned back to the caller.',
    priorLearningNote: 'Peer storytelling workshop, 2025',
  });
  await tariq.post('/me/competencies/PEER.3/signoff-requests', {
    reflection: 'I told the caller quite a lot about my own recovery.',
  });

  // The supervisor signs in and goes to the queue.
  await story.signIn(page, 'supervisor.ana@kindred.demo');
  await expect(page).toHaveURL(/\/supervise$/);
  await story.shot(page, 'supervise home');
  await page.getByRole('link', { name: 'Sign-offs and cohort' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign-offs and cohort');
  await expect(page.getByRole('link', { name: /Review: Lucia Moreno · PEER\.3/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /Review: Tariq Mahmoud · PEER\.3/ })).toBeVisible();
  await story.shot(page, 'queue');

  // First request: the evidence is there; every rubric row proficient; signed off.
  await page.getByRole('link', { name: /Review: Lucia Moreno · PEER\.3/ }).click();
  await expect(page.getByTestId('evidence')).toContainText('Peer storytelling workshop, 2025');
  await expect(page.getByText('I kept my own story to a sentence')).toBeVisible();
  await scoreAll(page, 'proficient');
  await page.getByLabel('Level').selectOption('proficient');
  await page.getByLabel('Comment').fill('Brief, purposeful sharing that served the caller.');
  await story.shot(page, 'rubric scored');
  await page.getByRole('button', { name: 'Sign off' }).click();
  await expect(page.getByRole('status')).toContainText('Decision saved');
  await story.shot(page, 'signed off');

  // Second request: not yet; more practice, with what to practise.
  await page.goto('/supervise/competencies');
  await expect(page.getByRole('link', { name: /Review: Lucia Moreno · PEER\.3/ })).toHaveCount(0);
  await page.getByRole('link', { name: /Review: Tariq Mahmoud · PEER\.3/ }).click();
  await scoreAll(page, 'developing');
  await page.getByLabel('Level').selectOption('developing');
  await page.getByLabel('Comment').fill('Your story took over the call.');
  await page
    .getByLabel(/What to practice/)
    .fill('Keep self-disclosure under a minute, then hand the focus back');
  await page.getByRole('button', { name: 'Ask for more practice' }).click();
  await expect(page.getByRole('status')).toContainText('Decision saved');
  await story.shot(page, 'practice asked');

  // The volunteers see the decisions (checked through their API: their own pages are the volunteer's journey).
  const luciaMap =
    await lucia.get<{ competencyId: string; level: string; request: { status: string } | null }[]>(
      '/me/competencies',
    );
  expect(luciaMap.find((e) => e.competencyId === 'PEER.3')).toMatchObject({
    level: 'proficient',
    request: { status: 'signed_off' },
  });
  const tariqMap =
    await tariq.get<
      { competencyId: string; request: { status: string; practice: string } | null }[]
    >('/me/competencies');
  expect(tariqMap.find((e) => e.competencyId === 'PEER.3')?.request).toMatchObject({
    status: 'practice',
    practice: 'Keep self-disclosure under a minute, then hand the focus back',
  });

  // A group drill, scheduled and run by the supervisor as facilitator.
  await page.goto('/supervise');
  await page.getByRole('link', { name: 'Group drills' }).click();
  await story.shot(page, 'group drills');
  await page.getByRole('link', { name: 'Schedule a group drill' }).click();
  await page.getByLabel('Scenario title').fill('Library desk field drill');
  await page.getByLabel('Kind', { exact: true }).selectOption('field');
  await page.getByLabel(/^Drill/).selectOption({ label: 'Raised voices at the library desk' });
  await page.getByLabel('Date and time').fill('2031-05-20T18:00');
  await page.getByLabel('Length in minutes').fill('40');
  await page.getByLabel('Place', { exact: true }).fill('Northside library, meeting room');
  await page
    .getByLabel(/^Injects/)
    .fill('3: The caller raises his voice\n10: A child starts crying nearby');
  await page.getByLabel('Lucia Moreno').selectOption('caller');
  await page.getByLabel('Tariq Mahmoud').selectOption('responder');
  await story.shot(page, 'group drill form');
  await page.getByRole('button', { name: 'Schedule and invite' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Library desk field drill' }),
  ).toBeVisible();
  await story.shot(page, 'group drill scheduled');

  await page.getByRole('button', { name: 'Release the next inject' }).click();
  await expect(
    page.getByRole('listitem').filter({ hasText: 'minute 3: The caller raises his voice' }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Release the next inject' }).click();
  await expect(
    page.getByRole('listitem').filter({ hasText: 'minute 10: A child starts crying nearby' }),
  ).toBeVisible();
  await expect(page.getByText(/Elapsed: \d+:\d\d/)).toBeVisible();
  await page
    .getByRole('textbox', { name: 'What the team did' })
    .fill('Tariq lowered his voice and offered two choices.');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(
    page.getByText('Ana Whitfield: Tariq lowered his voice and offered two choices.'),
  ).toBeVisible();
  await story.shot(page, 'injects released and noted');

  await page.getByText('Rate Tariq Mahmoud').click();
  const rating = page.locator('details', { hasText: 'Rate Tariq Mahmoud' });
  await rating.getByLabel('Reading the setting').selectOption('proficient');
  await rating.getByRole('button', { name: 'Save rating' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await expect(page.getByRole('listitem').filter({ hasText: 'Tariq Mahmoud' })).toContainText(
    /rated: DEESC\.1 proficient/,
  );
  await story.shot(page, 'participant scored');

  await page.getByLabel(/A short record/).fill('Calm handover; next time name the tier out loud.');
  await page.getByRole('button', { name: 'Save the debrief and close' }).click();
  await expect(page.getByText('Calm handover; next time name the tier out loud.')).toBeVisible();
  await expect(page.getByText('closed', { exact: true })).toBeVisible();
  await story.shot(page, 'group drill closed with debrief');

  // The cohort, exported: the sign-off just given is in the file.
  await page.goto('/supervise/competencies');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download as CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('cohort.csv');
  const csv = readFileSync(await download.path(), 'utf8');
  await testInfo.attach('cohort.csv', { body: csv, contentType: 'text/csv' });
  const lines = csv.trim().split(/\r\n/);
  const header = lines[0].split(',');
  expect(header[0]).toBe('volunteer');
  expect(header).toContain('PEER.3');
  const row = (name: string) => lines.find((l) => l.startsWith(`${name},`))?.split(',');
  const peer3 = header.indexOf('PEER.3');
  expect(row('Lucia Moreno')?.[peer3]).toMatch(/^Proficient \(until \d{4}-\d\d-\d\d\)$/);
  expect(row('Tariq Mahmoud')?.[peer3]).not.toMatch(/^Proficient/);
  expect(row('Jordan Reyes'), 'the demo cohort is there too').toBeTruthy();
  expect(row('Aisha Bello'), "another supervisor's volunteer is not").toBeUndefined();
  await story.shot(page, 'cohort');
  await signOut(page);
  await story.shot(page, 'signed out');

  story.done();
  await Promise.all([coordinator, lucia, tariq].map((a) => a.dispose()));
});
