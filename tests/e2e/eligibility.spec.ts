import {
  test,
  expect,
  request as playwrightRequest,
  type APIRequestContext,
  type Page,
} from '@playwright/test';
import { fileURLToPath } from 'node:url';
// The course content, read the way the API reads it: the best path through each drill comes from its graph.
import { loadContent, type Drill } from '../../courses/dist/index.js';
import { DEMO_PASSWORD, signIn, signOut } from './support';
import { Api, newVolunteer, program } from '../journeys/support';

// A volunteer of their own, new in Ben's cohort: the demo people's histories belong to other specs (and to the
// demo's pathway story). Renewal after expiry is proven by api/test/eligibility.int-spec.ts.
const NAME = 'Rosa Medina';
const PASSWORD = 'journey-password-1';
const SUPERVISOR = 'supervisor.ben@kindred.demo';
// What the foundations program asks for, from its definition (certificates/programs/foundations.yaml).
const FOUNDATIONS = program('foundations').requirements;
const COURSES = FOUNDATIONS.courses;
const DRILLS = FOUNDATIONS.drills;
const COMPETENCIES = FOUNDATIONS.competencies.map((c) => c.id);
const ALL = COURSES.length + DRILLS.length + COMPETENCIES.length;

const catalog = loadContent(fileURLToPath(new URL('../../courses/', import.meta.url)));

interface Session {
  api: APIRequestContext;
  csrf: string;
}

async function apiSignIn(
  baseURL: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<Session> {
  const api = await playwrightRequest.newContext({ baseURL });
  const res = await api.post('/api/auth/login', { data: { email, password } });
  expect(res.status()).toBe(200);
  return { api, csrf: (await res.json()).csrfToken };
}

const post = async (s: Session, url: string, data: unknown) => {
  const res = await s.api.post(url, { data, headers: { 'x-csrf-token': s.csrf } });
  expect(res.ok(), `${url}: ${res.status()} ${await res.text()}`).toBe(true);
  return res.json();
};

/** Every module's knowledge check passed with the best answers from the content (a fail does not tell them). */
async function completeCourse(s: Session, slug: string): Promise<void> {
  await s.api.post(`/api/courses/${slug}/enrollment`, { headers: { 'x-csrf-token': s.csrf } });
  const course = await (await s.api.get(`/api/courses/${slug}`)).json();
  for (const m of course.modules as { id: string }[]) {
    const module = catalog.courses.flatMap((c) => c.modules).find((x) => x.id === m.id)!;
    const answers = Object.fromEntries(module.quiz.map((q) => [q.id, q.answer]));
    const passed = await post(s, `/api/modules/${m.id}/attempts`, { answers });
    expect(passed.passed).toBe(true);
  }
}

/** The best-scoring choices from the drill's start to an ending (no node twice). */
function bestPath(drill: Drill): Map<string, number> {
  const walk = (
    nodeId: string,
    seen: Set<string>,
  ): { score: number; picks: [string, number][] } => {
    const node = drill.nodes[nodeId];
    if (!node || node.end || node.choices.length === 0) return { score: 0, picks: [] };
    let best = { score: -Infinity, picks: [] as [string, number][] };
    for (const c of node.choices) {
      if (seen.has(c.target)) continue;
      const rest = walk(c.target, new Set([...seen, c.target]));
      if (c.score + rest.score > best.score)
        best = { score: c.score + rest.score, picks: [[nodeId, c.index], ...rest.picks] };
    }
    return best;
  };
  return new Map(walk(drill.start, new Set([drill.start])).picks);
}

async function passDrill(s: Session, drillId: string): Promise<void> {
  const drill = catalog.drills.find((d) => d.id === drillId)!;
  const path = bestPath(drill);
  const state = await post(s, `/api/drills/${drillId}/attempts`, {});
  let node: { id: string } | null = state.node;
  while (node) {
    const step = await post(s, `/api/drill-attempts/${state.attemptId}/choices`, {
      choice: path.get(node.id),
    });
    node = step.finished ? null : step.next;
  }
  const done = await (await s.api.get(`/api/drill-attempts/${state.attemptId}`)).json();
  expect(done.status).toBe('finished');
}

async function signOffInBrowser(page: Page, competencyId: string): Promise<void> {
  await page.goto('/supervise/competencies');
  await page
    .getByRole('link', {
      name: new RegExp(`Review: ${NAME} · ${competencyId.replace('.', '\\.')}`),
    })
    .click();
  await page.waitForLoadState('networkidle'); // hydrated: nothing resets the choices afterwards
  for (const radio of await page.locator('input[type="radio"][value="proficient"]').all())
    await radio.check();
  await page.getByLabel('Level').selectOption('proficient');
  await page.getByLabel('Comment').fill('Calm, clear and kind with a person in crisis.');
  await page.getByRole('button', { name: 'Sign off' }).click();
  await expect(page.getByRole('status')).toContainText('Decision saved');
}

test('a supervisor’s last sign-off issues the certificate, and the volunteer sees it with the checklist complete', async ({
  page,
  baseURL,
}) => {
  // Setup through the API (the course, drill and sign-off pages have journeys of their own): courses and
  // drills done, and three of the four sign-offs the foundations program asks for.
  const coordinator = await Api.signIn(baseURL!, 'coordinator@kindred.demo');
  const VOLUNTEER = (await newVolunteer(baseURL!, coordinator, NAME, SUPERVISOR)).user.email;
  await coordinator.dispose();
  const volunteer = await apiSignIn(baseURL!, VOLUNTEER, PASSWORD);
  const supervisor = await apiSignIn(baseURL!, SUPERVISOR);
  for (const slug of COURSES) await completeCourse(volunteer, slug);
  for (const id of DRILLS) await passDrill(volunteer, id);
  const queued = async () =>
    (await (await supervisor.api.get('/api/supervision/queue')).json()) as {
      id: string;
      competencyId: string;
      volunteerName: string;
    }[];
  for (const id of COMPETENCIES) {
    if (!(await queued()).some((r) => r.volunteerName === NAME && r.competencyId === id)) {
      await post(volunteer, `/api/me/competencies/${id}/signoff-requests`, {
        reflection: 'Practiced in real peer work',
      });
    }
  }
  const rubric = async (id: string) =>
    (
      (await (await supervisor.api.get(`/api/competencies/${id}`)).json()).rubric as {
        id: string;
      }[]
    ).map((c) => c.id);
  for (const id of COMPETENCIES.slice(0, 3)) {
    const request = (await queued()).find(
      (r) => r.volunteerName === NAME && r.competencyId === id,
    )!;
    const scores = Object.fromEntries((await rubric(id)).map((c) => [c, 'proficient']));
    await post(supervisor, `/api/supervision/requests/${request.id}/decision`, {
      decision: 'sign_off',
      level: 'proficient',
      scores,
      comment: 'Signed off in practice',
    });
  }

  // Before: one requirement missing, and no certificate yet.
  await signIn(page, VOLUNTEER, PASSWORD);
  await expect(page).toHaveURL(/\/learn$/);
  await page.goto('/learn/certificates');
  const foundations = page.locator('[data-testid="program-progress"][data-program="foundations"]');
  await expect(foundations.locator('.progress-text')).toHaveText(
    `${ALL - 1} of ${ALL} requirements done`,
  );
  await expect(foundations.locator('[data-testid="requirement"][data-met="false"]')).toHaveCount(1);
  await expect(foundations.locator('[data-testid="requirement"][data-met="false"]')).toContainText(
    'needs Proficient; now Developing',
  );
  await expect(page.getByTestId('certificate')).toHaveCount(0);
  await signOut(page);

  // The supervisor's last sign-off, in the browser.
  await signIn(page, SUPERVISOR);
  await expect(page).toHaveURL(/\/supervise$/);
  await signOffInBrowser(page, 'DEESC.2');
  await signOut(page);

  // The volunteer sees the new certificate (issued right after the sign-off commits).
  await signIn(page, VOLUNTEER, PASSWORD);
  await expect(page).toHaveURL(/\/learn$/);
  await expect(async () => {
    await page.goto('/learn/certificates');
    await expect(page.getByTestId('certificate')).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  const fresh = page.getByTestId('certificate').first();
  await expect(fresh).toContainText('Kindred Peer Supporter Foundations');
  await expect(fresh.getByRole('heading')).toContainText('active');
  await expect(fresh.getByRole('heading')).not.toContainText('replaced');
  await expect(foundations.locator('.progress-text')).toHaveText(
    `${ALL} of ${ALL} requirements done`,
  );
  await expect(foundations.getByTestId('program-held')).toBeVisible();

  // Anyone can check it by its link.
  await fresh.getByRole('link', { name: 'Verification link' }).click();
  await expect(page.getByTestId('verdict').getByRole('heading', { level: 2 })).toHaveAttribute(
    'data-verdict',
    'valid',
  );
  await expect(page.getByTestId('renewed')).toHaveCount(0);
  await volunteer.api.dispose();
  await supervisor.api.dispose();
});
