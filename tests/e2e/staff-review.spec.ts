import { test, expect } from '@playwright/test';
import { Api, completeCourse, drill, newVolunteer, playDrill } from '../journeys/support';
import { openMenu, signIn } from './support';

/** Issue 22, supervisors: the rubric form and the evidence beside it, on a phone. */
test.describe('the rubric form @phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('no level is preselected and one must be chosen; evidence has human names, one row per kind (latest first), long text folds', async ({
    page,
    baseURL,
  }) => {
    const coordinator = await Api.signIn(baseURL!, 'coordinator@kindred.demo');
    const supervisor = await Api.signIn(baseURL!, 'supervisor.ana@kindred.demo');
    const v = await newVolunteer(baseURL!, coordinator, 'Rubric Rosa', supervisor.user.email);
    await completeCourse(v, 'peer-roles');
    // the same drill twice: two attempts of one kind
    await playDrill(v, 'deesc-library-01');
    await playDrill(v, 'deesc-library-01');
    const longReflection = `I practised this on three evening shifts. ${'I kept the focus on the caller and checked back in before sharing anything of my own. '.repeat(6)}The end.`;
    const longNote = `A peer storytelling workshop at the community centre, twelve hours. ${'We practised short, purposeful disclosure in pairs with feedback. '.repeat(5)}Certificate on file.`;
    const map =
      await v.get<{ competencyId: string; request: { id: string; status: string } | null }[]>(
        '/me/competencies',
      );
    const open = map.find((e) => e.competencyId === 'PEER.3')?.request;
    const request =
      open?.status === 'open'
        ? open
        : await v.post<{ id: string }>('/me/competencies/PEER.3/signoff-requests', {
            reflection: longReflection,
            priorLearningNote: longNote,
          });

    await signIn(page, 'supervisor.ana@kindred.demo');
    await expect(page).toHaveURL(/\/supervise$/);
    await page.goto(`/supervise/requests/${request.id}`);
    await page.waitForLoadState('networkidle');

    // Evidence: names people read, one row per kind of attempt with the latest first
    const evidence = page.getByTestId('evidence');
    await expect(evidence).not.toContainText('knowledge_check');
    const checks = evidence.locator(':scope > li').filter({ hasText: /^Knowledge check: / });
    expect(await checks.count()).toBeGreaterThan(0);
    const titles = await checks.locator('strong').allInnerTexts();
    expect(new Set(titles).size, 'one row per module').toBe(titles.length);
    const drills = evidence
      .locator(':scope > li')
      .filter({ hasText: `Practice drill: ${drill('deesc-library-01').title}` });
    await expect(drills).toHaveCount(1);
    await expect(drills).toContainText('1 earlier attempt');
    await drills.getByText('1 earlier attempt').click();
    await expect(drills.locator('details.earlier li')).toHaveCount(1);
    if (open?.status !== 'open') {
      const prior = evidence.locator(':scope > li').filter({ hasText: 'Prior learning' });
      await expect(prior.locator('details.note')).toBeVisible();
      await expect(prior.locator('details.note summary')).toContainText('…');
      await expect(prior.getByText('Certificate on file.')).toBeHidden();
      await prior.locator('details.note summary').click();
      await expect(prior.getByText(/Certificate on file\./)).toBeVisible();
      await expect(page.locator('details.reflection summary')).toContainText('I practised this');
    }

    // The overall level starts empty, and signing off without one is not possible
    const level = page.getByLabel('Overall level');
    await expect(level).toHaveValue('');
    for (const radio of await page.locator('input[type="radio"][value="proficient"]').all())
      await radio.check();
    await page.getByRole('textbox', { name: 'Comment' }).fill('Clear and kind.');
    await page.screenshot({ path: 'test-results/rubric-390.png' });
    await page.getByRole('button', { name: 'Sign off' }).click();
    await expect(page.locator('select[name="level"]:invalid')).toHaveCount(1);
    await expect(page.getByRole('status')).toHaveCount(0);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      390,
    );

    // The API refuses a decision without a level, naming the field, and decides nothing
    const scores = Object.fromEntries(
      (
        await supervisor.get<{ rubric: { id: string }[] }>(`/supervision/requests/${request.id}`)
      ).rubric.map((c) => [c.id, 'proficient']),
    );
    const refused = await supervisor.ctx.post(`/api/supervision/requests/${request.id}/decision`, {
      data: { decision: 'sign_off', scores, comment: 'No level' },
      headers: { 'x-csrf-token': await csrfOf(supervisor) },
    });
    expect(refused.status()).toBe(400);
    expect((await refused.json()).details.map((d: { field: string }) => d.field)).toEqual([
      'level',
    ]);
    expect(
      (await supervisor.get<{ status: string }>(`/supervision/requests/${request.id}`)).status,
    ).toBe('open');

    await level.selectOption('proficient');
    await page.getByRole('button', { name: 'Sign off' }).click();
    await expect(page.getByRole('status')).toContainText('Decision saved');
  });
});

async function csrfOf(api: Api): Promise<string> {
  const res = await api.ctx.get('/api/auth/session');
  return (await res.json()).csrfToken;
}

test.describe('the supervision log @phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('has its own place in the supervisor’s menu, and its notes say they are shared with the volunteer', async ({
    page,
  }) => {
    await signIn(page, 'supervisor.ana@kindred.demo');
    await expect(page).toHaveURL(/\/supervise$/);
    await openMenu(page);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Supervision log' })
      .click();
    await expect(page).toHaveURL(/\/supervise\/volunteers$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Supervision log');
    await expect(page.getByText(/shared with that volunteer, who reads them too/)).toBeVisible();
    await page.getByRole('link', { name: 'Priya Natarajan' }).click();
    await expect(page).toHaveURL(/\/supervise\/volunteers\/[0-9a-f-]{36}$/);
    await expect(page.getByLabel('Notes shared with the volunteer')).toBeVisible();
    await expect(page.getByText('Private notes')).toHaveCount(0);
    await expect(page.getByText(/they read them too/)).toBeVisible();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      390,
    );
    await page.screenshot({ path: 'test-results/supervision-log-390.png' });
    // the overview lists it among what a supervisor does
    await page.goto('/supervise');
    await expect(
      page
        .getByRole('list', { name: 'Waiting for you' })
        .getByRole('link', { name: 'Supervision log' }),
    ).toBeVisible();
  });
});
