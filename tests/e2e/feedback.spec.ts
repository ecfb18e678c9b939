import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { chooseLanguage, courseContent, signIn, signOut } from './support';

// Issue 20, feedback from volunteers: one tap at the end of a module, optional comment, never required;
// the volunteer rates how sure they are at the course's start (optional); the program's coordinator reads
// the counts per version and the comment, with no name (the demo neighbours answered too: a version of
// fewer than 5 answers would be withheld), the item analysis and the drill analysis with its CSV. On a
// phone.
test.use({ viewport: { width: 390, height: 844 } });

test('@phone a volunteer leaves feedback at the end of a module; the coordinator sees it without a name', async ({
  page,
}, info) => {
  const first = courseContent().courses[0].modules[0];
  const stamp = Date.now();
  const email = `feedback.volunteer.${stamp}@example.org`;
  const name = `Marisol Feedback ${stamp}`;
  const comment = `The role play at the end went too fast for me (${stamp}).`;

  // a new volunteer of the demo program, so the spec can run again on the same data
  await signIn(page, 'coordinator@kindred.demo');
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Role').selectOption('volunteer');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('status')).toContainText(`Invitation created for ${email}`);
  await page.reload();
  await page.getByText(`— ${email}`).first().click();
  const body = await page.getByTestId('mail-body').first().textContent();
  const link = /http:\/\/\S+\/invite\/\S+/.exec(body ?? '')?.[0];
  expect(link).toBeTruthy();
  await signOut(page);
  await page.goto(new URL(link!).pathname);
  await page.getByLabel(/Choose a password/).fill('a-long-enough-password');
  await page.getByRole('button', { name: 'Create my account' }).click();
  await expect(page).toHaveURL(/\/learn$/);

  await page.goto(`/learn/modules/${first.id}?ready`);
  const prompt = page.getByTestId('feedback');
  await prompt.scrollIntoViewIfNeeded();
  await expect(prompt.getByRole('heading', { name: 'How was this for you?' })).toBeVisible();
  // skippable: the knowledge check is there without answering
  await expect(page.getByRole('link', { name: /knowledge check/i })).toBeVisible();
  await page.screenshot({ path: info.outputPath('module-feedback-390.png'), fullPage: false });
  await prompt.getByText('Add a comment (optional)').click();
  await prompt.getByLabel('Add a comment (optional)').fill(comment);
  // sent in place (the page's script posts it, loading the form code only now): no reload
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  await prompt.getByRole('button', { name: 'Too hard' }).click();
  await expect(prompt.getByRole('status')).toContainText('Thank you');
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  await prompt.screenshot({ path: info.outputPath('module-feedback-thanks-390.png') });
  await page.reload();
  await expect(page.getByTestId('feedback')).toContainText('You already told us how this was');
  await expect(page.getByTestId('feedback').getByRole('button')).toHaveCount(0);

  // the course's start: an optional self-rating, in the person's words; one skill rated, the rest blank
  const course = courseContent().courses[0];
  await page.goto(`/learn/courses/${course.slug}`);
  // reading a module without saving a place does not enroll: enrolling asks the start rating
  await expect(page.getByTestId('self-rating')).toHaveCount(0);
  await page.getByRole('button', { name: 'Enroll in this course' }).click();
  const rating = page.getByTestId('self-rating');
  await expect(
    rating.getByRole('heading', { name: 'Before you start: how sure are you?' }),
  ).toBeVisible();
  await rating
    .locator('select')
    .first()
    .selectOption({ label: '3 · I could do it with some help' });
  expect(
    await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    ),
  ).toBeLessThanOrEqual(0);
  await rating.screenshot({ path: info.outputPath('self-rating-390.png') });
  await rating.getByRole('button', { name: 'Save my answers' }).click();
  await expect(page.getByTestId('self-rating-done')).toContainText('Thank you');
  await page.reload();
  await expect(page.getByTestId('self-rating')).toHaveCount(0);
  await signOut(page);

  await signIn(page, 'coordinator@kindred.demo');
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByRole('link', { name: 'Feedback' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'What volunteers say about the training',
  );
  const section = page.locator(`[data-testid="feedback-subject"][data-id="${first.id}"]`);
  await expect(section.getByRole('heading', { level: 2 })).toHaveText(first.title);
  await expect(section.getByText(comment)).toBeVisible();
  await expect(section.getByText(/Version \d+ · Too hard/).first()).toBeVisible();
  // the table carries the numbers: at least this one "too hard" in the current version
  await expect(section.locator('tr[data-choice="too_hard"] td[data-current="true"]')).toHaveText(
    /^[1-9]\d* /,
  );
  // no name, no e-mail anywhere on the page
  const text = (await page.locator('main').textContent()) ?? '';
  expect(text).not.toContain(name);
  expect(text).not.toContain(email);
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: info.outputPath('coordinator-feedback-390.png'), fullPage: true });
  // the counts as CSV: this module's current version has the "too hard", the comment stays on the page
  const [feedbackCsv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('fb-csv').click(),
  ]);
  expect(feedbackCsv.suggestedFilename()).toBe('feedback.csv');
  const fb = readFileSync(await feedbackCsv.path(), 'utf8');
  expect(fb.split('\r\n')[0]).toBe(
    'kind,id,title,version,current,since,answers,clear,too_hard,upsetting,not_useful,flags_on_latest',
  );
  expect(fb).toMatch(new RegExp(`^module,${first.id},.*,true,[^,]*,\\d+,\\d+,[1-9]\\d*,`, 'm'));
  expect(fb).not.toContain(comment);

  // the item analysis beside it: the formula in the help; groups under 10 attempts are not shown
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Knowledge-check items' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'How the knowledge-check questions work',
  );
  await page.getByText('How these numbers are worked out').click();
  await expect(page.getByText('r = (M₁ − M₀) / s × √(p × (1 − p))')).toBeVisible();
  const modules = page.getByTestId('items-module');
  for (const m of await modules.all()) {
    // each group is either analysed (a facility per question) or said to have too few attempts
    await expect(
      m.locator('[data-stat="facility"], [data-testid="items-suppressed"]').first(),
    ).toBeVisible();
  }
  // the demo seed's twelve neighbours took the cultural humility checks: the first module is analysed, and
  // its last question, missed by the three strongest only, is flagged as chosen wrongly by strong learners
  const humility = courseContent().courses.find((c) => c.slug === 'cultural-humility')!;
  const analysed = page.locator(
    `[data-testid="items-module"][data-id="${humility.modules[0].id}"]`,
  );
  await expect(analysed.locator('[data-stat="facility"]').first()).toBeVisible();
  const last = humility.modules[0].quiz.at(-1)!;
  await expect(
    analysed
      .locator(`li[data-question="${last.id}"] [data-flag="negative_discrimination"]`)
      .first(),
  ).toBeVisible();
  await analysed.screenshot({ path: info.outputPath('coordinator-items-module-390.png') });
  await page.screenshot({ path: info.outputPath('coordinator-items-390.png'), fullPage: true });
  const [itemsCsv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('ia-csv').click(),
  ]);
  expect(itemsCsv.suggestedFilename()).toBe('item-analysis.csv');
  expect(readFileSync(await itemsCsv.path(), 'utf8').split('\r\n')[0]).toBe(
    'module_id,title,group,attempts,question_id,prompt,facility,discrimination,flags,wrong_choices',
  );

  // the drill analysis: the neighbours' attempts at the library drill, node by node, and its CSV
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Drill choices' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('How the practice drills go');
  const drill = page.locator('[data-testid="da-drill"][data-id="deesc-library-01"]');
  const startNode = drill.locator('[data-testid="da-nodes"] tbody[data-node="start"]');
  await expect(startNode.locator('tr.node')).toContainText(/reached \d+/);
  // 14 neighbours played it: the touch at the start was taken by some, flagged
  await expect(startNode.locator('tr[data-choice="0"] .flag')).toContainText('touch');
  await expect(startNode.locator('tr[data-choice="0"] [data-stat="chosen"]')).toHaveText(
    /^[1-9]\d* /,
  );
  await expect(drill.getByTestId('da-unsafe')).toBeVisible();
  await expect(drill.getByTestId('da-scores')).toBeVisible();
  await page.getByTestId('da-help').getByText('How these numbers are worked out').click();
  await expect(page.getByTestId('da-rule')).toContainText('from 10 attempts made by at least 5');
  expect(
    await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    ),
  ).toBeLessThanOrEqual(0);
  await page.screenshot({ path: info.outputPath('coordinator-drills-390.png'), fullPage: true });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('da-csv-nodes').click(),
  ]);
  expect(download.suggestedFilename()).toBe('drill-nodes.csv');
  const csv = readFileSync(await download.path(), 'utf8').split('\r\n');
  expect(csv[0]).toBe(
    'drill_id,node,reached,left_here,choice,choice_text,choice_score,flag,chosen,share_of_choices_here',
  );
  expect(csv.some((l) => l.startsWith('deesc-library-01,start,') && l.includes(',touch,'))).toBe(
    true,
  );

  // a Spanish-speaking coordinator reads the translated titles, prompts and drill texts
  const es = humility.translations.es.modules[humility.modules[0].id];
  const drillEs = courseContent().drills.find((d) => d.id === 'deesc-library-01')!.translations.es;
  await chooseLanguage(page, 'es');
  await page.goto('/admin/items');
  await expect(analysed.getByRole('heading', { level: 2 })).toHaveText(es.title);
  await expect(analysed.locator(`li[data-question="${last.id}"] .prompt`).first()).toHaveText(
    es.quiz.find((q) => q.id === last.id)!.prompt,
  );
  await page.goto('/admin/drill-analysis');
  await expect(drill.getByRole('heading', { level: 2 })).toHaveText(drillEs.title);
  await page.goto('/admin/feedback');
  await expect(page.getByRole('heading', { level: 2, name: drillEs.title })).toBeVisible();
  await chooseLanguage(page, 'en');
});
