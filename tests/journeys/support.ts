// Shared by the four journeys: a story that screenshots and axe-checks every page it shows, and a small API
// client for the set-up steps that are not the person's own story (each use is commented in the specs).
import {
  expect,
  request,
  type APIRequestContext,
  type Page,
  type TestInfo,
} from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { loadContent, type Catalog, type Drill } from '@kindred/courses';
import { loadPrograms, type Program } from '@kindred/certificates';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD } from '../e2e/support';

export { openMenu, signIn, signOut, DEMO_PASSWORD } from '../e2e/support';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Pages are told apart by path: `/learn/modules/x` and `/learn/modules/x?ready=1` are one page here. */
const pageKey = (url: string) => {
  const u = new URL(url);
  return u.pathname.replace(
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
    ':id',
  );
};

/**
 * One person's story. `shot` saves test-results/journeys/<person>/NN-<step>.png (also attached to the test)
 * and runs axe on the page: serious and critical violations fail the test (softly, so one run lists them all).
 * Every page a watched tab navigates to must have been checked by the end (`done`), so no visited page
 * escapes the accessibility check.
 */
export class Story {
  private n = 0;
  private readonly visited = new Set<string>();
  private readonly checked = new Set<string>();
  private readonly dir: string;

  constructor(
    private readonly testInfo: TestInfo,
    readonly person: string,
  ) {
    this.dir = join(
      dirname(testInfo.config.configFile ?? process.cwd()),
      'test-results',
      'journeys',
      person,
    );
    rmSync(this.dir, { recursive: true, force: true }); // only this run's pictures
    mkdirSync(this.dir, { recursive: true });
  }

  watch(page: Page): Page {
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && frame.url().startsWith('http'))
        this.visited.add(pageKey(frame.url()));
    });
    return page;
  }

  async shot(page: Page, step: string): Promise<void> {
    const t0 = Date.now();
    await page.waitForLoadState('networkidle');
    const t1 = Date.now();
    this.n++;
    const file = join(
      this.dir,
      `${String(this.n).padStart(2, '0')}-${step.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`,
    );
    await page.screenshot({ path: file, fullPage: true });
    await this.testInfo.attach(`${this.person} ${this.n}: ${step}`, {
      path: file,
      contentType: 'image/png',
    });
    const t2 = Date.now();
    const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    const serious = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((x) => x.target.join(' ')).join(', ')}`,
      );
    expect.soft(serious, `axe on ${page.url()} (${step})`).toEqual([]);
    // On a phone nothing may push the page wider than the screen (WCAG 1.4.10 reflow; axe does not check it).
    if ((page.viewportSize()?.width ?? 1000) < 600) {
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect
        .soft(overflow, `page wider than the screen on ${page.url()} (${step})`)
        .toBeLessThanOrEqual(0);
    }
    this.checked.add(pageKey(page.url()));
    if (process.env.JOURNEY_TIMING)
      console.log(
        `${this.person} ${step}: idle ${t1 - t0} ms, shot ${t2 - t1} ms, axe ${Date.now() - t2} ms`,
      );
  }

  /** Signs in through the form (the sign-in page is checked the first time it is shown). */
  async signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
    await page.goto('/sign-in');
    await page.waitForLoadState('networkidle');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(password);
    if (!this.checked.has('/sign-in')) await this.shot(page, 'sign in');
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  /** Every page the story visited was screenshotted and checked. */
  done(): void {
    const missed = [...this.visited].filter((k) => !this.checked.has(k));
    expect(missed, 'pages visited without an accessibility check').toEqual([]);
  }
}

let catalog: Catalog | null = null;
/** The course content the server runs on (read from the repository, as the server does). */
export function content(): Catalog {
  catalog ??= loadContent(fileURLToPath(new URL('../../courses', import.meta.url)));
  expect(catalog.problems).toEqual([]);
  return catalog;
}

/** The text of the right answer to each question of a module's knowledge check, in order. */
export function rightAnswers(moduleId: string): string[] {
  const module = content()
    .courses.flatMap((c) => c.modules)
    .find((m) => m.id === moduleId);
  if (!module) throw new Error(`no module ${moduleId}`);
  return module.quiz.map((q) => q.choices.find((c) => c.id === q.answer)!.text);
}

export function drill(id: string): Drill {
  const d = content().drills.find((x) => x.id === id);
  if (!d) throw new Error(`no drill ${id}`);
  return d;
}

/** A signed-in API client (session cookie + CSRF header), like the web app's relay. */
export class Api {
  private constructor(
    readonly ctx: APIRequestContext,
    private readonly csrf: string,
    readonly user: {
      id: string;
      name: string;
      email: string;
      memberships: { organizationId: string; role: string }[];
    },
  ) {}

  static async signIn(baseURL: string, email: string, password = DEMO_PASSWORD): Promise<Api> {
    const ctx = await request.newContext({ baseURL });
    const res = await ctx.post('/api/auth/login', { data: { email, password } });
    expect(res.status(), `sign in ${email}: ${await res.text()}`).toBe(200);
    const body = await res.json();
    return new Api(ctx, body.csrfToken, body.user);
  }

  /** Accepts an invitation link and comes back signed in as the new person. */
  static async acceptInvite(baseURL: string, link: string, password: string): Promise<Api> {
    const ctx = await request.newContext({ baseURL });
    const token = new URL(link).pathname.split('/').pop();
    const res = await ctx.post(`/api/invites/${token}/accept`, { data: { password } });
    expect(res.status(), `accept invite: ${await res.text()}`).toBeLessThan(300);
    const body = await res.json();
    return new Api(ctx, body.csrfToken, body.user);
  }

  get orgId(): string {
    return this.user.memberships[0].organizationId;
  }

  async get<T = any>(path: string): Promise<T> {
    const res = await this.ctx.get(`/api${path}`);
    expect(res.status(), `GET ${path}: ${await res.text()}`).toBe(200);
    return (await res.json()) as T;
  }

  async send<T = any>(method: 'POST' | 'PUT', path: string, data: unknown): Promise<T> {
    const res = await this.ctx.fetch(`/api${path}`, {
      method,
      data,
      headers: { 'x-csrf-token': this.csrf },
    });
    expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  post<T = any>(path: string, data: unknown = {}): Promise<T> {
    return this.send<T>('POST', path, data);
  }

  async dispose(): Promise<void> {
    await this.ctx.dispose();
  }
}

/** Coordinator's side, through the API: a new volunteer in the demo program, in a supervisor's cohort. */
export async function newVolunteer(
  baseURL: string,
  coordinator: Api,
  name: string,
  supervisorEmail: string,
): Promise<Api> {
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${Date.now()}@example.org`;
  const invite = await coordinator.post<{ link: string }>('/invites', {
    email,
    name,
    role: 'volunteer',
    organizationId: coordinator.orgId,
  });
  const volunteer = await Api.acceptInvite(baseURL, invite.link, 'journey-password-1');
  await assign(coordinator, volunteer.user.id, supervisorEmail);
  return volunteer;
}

export async function assign(
  coordinator: Api,
  volunteerId: string,
  supervisorEmail: string,
): Promise<void> {
  const members = await coordinator.get<{ userId: string; email: string }[]>(
    `/organizations/${coordinator.orgId}/members`,
  );
  const supervisor = members.find((m) => m.email === supervisorEmail);
  expect(supervisor, supervisorEmail).toBeTruthy();
  await coordinator.post('/cohorts/assignments', {
    organizationId: coordinator.orgId,
    supervisorId: supervisor!.userId,
    volunteerId,
  });
}

/** A volunteer completes every module of a course through the API (read, then pass the check). */
export async function completeCourse(volunteer: Api, slug: string): Promise<void> {
  const course = await volunteer.post<{ modules: { id: string; status: string }[] }>(
    `/courses/${slug}/enrollment`,
  );
  for (const m of course.modules) {
    if (m.status === 'completed') continue;
    const quiz = await volunteer.get<{ questions: { id: string }[] }>(`/modules/${m.id}/quiz`);
    const first = await volunteer.post<{
      passed: boolean;
      results: { questionId: string; answer: string }[];
    }>(`/modules/${m.id}/attempts`, { answers: {} });
    const answers = Object.fromEntries(first.results.map((r) => [r.questionId, r.answer]));
    expect(Object.keys(answers)).toHaveLength(quiz.questions.length);
    const second = await volunteer.post<{ passed: boolean }>(`/modules/${m.id}/attempts`, {
      answers,
    });
    expect(second.passed, `${m.id} passed`).toBe(true);
  }
}

/** A volunteer plays a drill through the API, taking the best-scored choice at every situation. */
export async function playDrill(volunteer: Api, drillId: string): Promise<void> {
  const d = drill(drillId);
  const state = await volunteer.post<{ attemptId: string; node: { id: string } | null }>(
    `/drills/${drillId}/attempts`,
  );
  let node = state.node;
  while (node) {
    const choices = d.nodes[node.id].choices;
    const best = choices.reduce((a, b) => (b.score > a.score ? b : a));
    const res = await volunteer.post<{ next: { id: string } | null; finished: boolean }>(
      `/drill-attempts/${state.attemptId}/choices`,
      { choice: best.index },
    );
    node = res.finished ? null : res.next;
  }
  const debrief = await volunteer.get<{ passed: boolean }>(
    `/drill-attempts/${state.attemptId}/debrief`,
  );
  expect(debrief.passed, `${drillId} passed`).toBe(true);
}

/** The volunteer asks for sign-off and the supervisor signs it off at proficient on every rubric row. */
export async function signOff(
  volunteer: Api,
  supervisor: Api,
  competencyId: string,
): Promise<void> {
  // Finishing the course work can open the request by itself (origin `auto`); otherwise the volunteer asks.
  const map =
    await volunteer.get<{ competencyId: string; request: { id: string; status: string } | null }[]>(
      '/me/competencies',
    );
  const open = map.find((e) => e.competencyId === competencyId)?.request;
  const request =
    open?.status === 'open'
      ? open
      : await volunteer.post<{ id: string }>(`/me/competencies/${competencyId}/signoff-requests`, {
          reflection: 'Practiced this in my shifts.',
        });
  await decide(supervisor, request.id);
}

export async function decide(supervisor: Api, requestId: string): Promise<void> {
  const review = await supervisor.get<{ rubric: { id: string }[] }>(
    `/supervision/requests/${requestId}`,
  );
  const scores = Object.fromEntries(review.rubric.map((r) => [r.id, 'proficient']));
  await supervisor.post(`/supervision/requests/${requestId}/decision`, {
    decision: 'sign_off',
    level: 'proficient',
    scores,
    comment: 'Seen in practice.',
  });
}

export function program(slug: string): Program {
  const { programs, problems } = loadPrograms(
    fileURLToPath(new URL('../../certificates/programs', import.meta.url)),
  );
  expect(problems).toEqual([]);
  const p = programs.find((x) => x.slug === slug);
  if (!p) throw new Error(`no program ${slug}`);
  return p;
}

/** Everything a program asks for, done through the API: its courses, its drills, its sign-offs. */
export async function earnProgram(
  volunteer: Api,
  supervisor: Api,
  slug: string,
  skip: { courses?: string[]; drills?: string[]; competencies?: string[] } = {},
): Promise<void> {
  const req = program(slug).requirements;
  for (const c of req.courses) if (!skip.courses?.includes(c)) await completeCourse(volunteer, c);
  for (const d of req.drills) if (!skip.drills?.includes(d)) await playDrill(volunteer, d);
  for (const c of req.competencies)
    if (!skip.competencies?.includes(c.id)) await signOff(volunteer, supervisor, c.id);
}

export interface HeldCertificate {
  id: string;
  credentialId: string;
  name: string;
  state: string;
  verifyUrl: string;
  programSlug: string | null;
  coIssuerName: string | null;
}

export async function certificatesOf(volunteer: Api): Promise<HeldCertificate[]> {
  return volunteer.get<HeldCertificate[]>('/certificates/mine');
}

/** The volunteer's certificate of a program, once the automatic eligibility check has issued it. */
export async function awaitCertificate(volunteer: Api, slug: string): Promise<HeldCertificate> {
  let found: HeldCertificate | undefined;
  await expect
    .poll(
      async () =>
        (found = (await certificatesOf(volunteer)).find(
          (c) => c.programSlug === slug && c.state === 'active',
        )),
      { message: `${volunteer.user.name} is issued ${slug}`, timeout: 20_000 },
    )
    .toBeTruthy();
  return found!;
}

/**
 * A new volunteer in the supervisor's cohort who has met every requirement of a program (not co-issued)
 * through the API, and the certificate the platform then issued by itself.
 */
export async function certifiedVolunteer(
  baseURL: string,
  coordinator: Api,
  supervisor: Api,
  name: string,
  slug: string,
): Promise<{ volunteer: Api; certificate: HeldCertificate }> {
  const volunteer = await newVolunteer(baseURL, coordinator, name, supervisor.user.email);
  await earnProgram(volunteer, supervisor, slug);
  return { volunteer, certificate: await awaitCertificate(volunteer, slug) };
}
