import { test, expect, type Page } from '@playwright/test';
import type { Drill } from '@kindred/courses';
import { courseContent, signIn, signOut, workerInControl } from './support';

// A drill played offline (issue 19): "Keep on this phone" keeps a course's drills (those in its folder,
// `courses/<course>/drills/`) with their pages and offline graph; with no signal the play page walks
// the kept graph on the phone and queues each start and choice (web/src/lib/offline/queue.ts) with its
// own Idempotency-Key; nothing is scored on the phone. Back online, the server scores the queue once.
test.use({ viewport: { width: 390, height: 844 } });

const COURSE = 'trauma-informed-care';

/** The shortest way from `from` (the start) to an ending: the choices' indexes and texts, in order. */
function pathToEnd(
  drill: Drill,
  from: string = drill.start,
): { node: string; index: number; text: string; feedback: string }[] {
  const queue: {
    at: string;
    path: { node: string; index: number; text: string; feedback: string }[];
  }[] = [{ at: from, path: [] }];
  const seen = new Set<string>([from]);
  while (queue.length) {
    const { at, path } = queue.shift()!;
    const node = drill.nodes[at];
    if (node.end) return path;
    for (const c of node.choices) {
      if (seen.has(c.target)) continue;
      seen.add(c.target);
      queue.push({
        at: c.target,
        path: [...path, { node: at, index: c.index, text: c.text, feedback: c.feedback }],
      });
    }
  }
  throw new Error(`${drill.id}: no ending`);
}

const drillOf = (id: string) => courseContent().drills.find((d) => d.id === id)!;

/** The drill's finished attempts, as the API counts them. */
const finishedAttempts = (page: Page, drillId: string) =>
  page.evaluate(async (id) => {
    const r = await fetch(`/api/drills/${id}`);
    const body = (await r.json()) as { attempts: { status: string }[] };
    return body.attempts.filter((a) => a.status === 'finished').length;
  }, drillId);

type Queued = Record<string, unknown>;
const queued = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<Queued[]>((resolve, reject) => {
        const open = indexedDB.open('kindred-offline');
        open.onerror = () => reject(open.error ?? new Error('indexedDB.open failed'));
        open.onsuccess = () => {
          const d = open.result;
          if (!d.objectStoreNames.contains('queue')) {
            d.close();
            return resolve([]);
          }
          const all = d.transaction('queue').objectStore('queue').getAll();
          all.onsuccess = () => {
            d.close();
            resolve(all.result as Queued[]);
          };
        };
      }),
  );

const personId = (page: Page) =>
  page.evaluate(async () => {
    const r = await fetch('/api/auth/session');
    return ((await r.json()) as { user: { id: string } }).user.id;
  });

async function keepCourse(
  page: Page,
  labels = { region: 'On this phone', keep: 'Keep on this phone', enroll: 'Enroll in this course' },
) {
  await page.goto(`/learn/courses/${COURSE}`);
  const enroll = page.getByRole('button', { name: labels.enroll });
  if (await enroll.isVisible()) await enroll.click();
  const card = page.getByRole('region', { name: labels.region });
  await card.getByRole('button', { name: labels.keep }).click();
  await expect(card.getByTestId('kept-badge')).toBeVisible({ timeout: 90_000 });
}

test('a drill kept with its course is played offline to its end, scored once when the signal returns, seen by the supervisor; sign-out clears it @phone', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  const drill = drillOf('tic-dropin-01');
  expect(drill.courseSlug).toBe(COURSE);
  const path = pathToEnd(drill);
  expect(path.length).toBeGreaterThanOrEqual(2);

  await signIn(page, 'aisha@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  await workerInControl(page);
  const aisha = await personId(page);
  await keepCourse(page);

  // kept: the course's drills (both pages) and their offline graphs, counted in the size shown
  const kept = await page.evaluate(async (person) => {
    const cache = await caches.open(`kindred-kept-${person}`);
    const paths = (await cache.keys()).map((r) => new URL(r.url).pathname + new URL(r.url).search);
    const index = (await (await cache.match(`/__kindred/kept/trauma-informed-care`))?.json()) as {
      bytes: number;
      paths: string[];
    };
    const graph = await (await cache.match('/api/drills/tic-dropin-01/offline?lang=en'))?.text();
    return { paths, index, graphBytes: graph?.length ?? 0, graph: graph ?? '' };
  }, aisha);
  for (const d of courseContent().drills.filter((x) => x.courseSlug === COURSE)) {
    expect(kept.paths).toContain(`/learn/drills/${d.id}`);
    expect(kept.paths).toContain(`/learn/drills/${d.id}/play`);
    expect(kept.paths).toContain(`/api/drills/${d.id}/offline?lang=en`);
    expect(kept.index.paths).toContain(`/api/drills/${d.id}/offline?lang=en`);
  }
  // a drill of another course is not kept with this one
  expect(kept.paths.some((p) => p.includes('deesc-library-01'))).toBe(false);
  expect(kept.graphBytes).toBeGreaterThan(1000);
  expect(kept.index.bytes).toBeGreaterThan(kept.graphBytes);
  // the graph holds no scores or feedback
  expect(kept.graph).not.toContain(path[0].feedback);
  expect(kept.graph).not.toMatch(/"score"|"feedback"/);

  const before = await finishedAttempts(page, drill.id);
  let items: Queued[] | undefined;

  await context.setOffline(true);
  try {
    await page.goto(`/learn/drills/${drill.id}`);
    await expect(page.getByRole('heading', { level: 1, name: drill.title })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Content note' })).toBeVisible();
    // the note's own full stop is not doubled by the message around it
    expect(await page.getByRole('region', { name: 'Content note' }).innerText()).not.toContain(
      '..',
    );
    await page.waitForLoadState('load');
    await page.getByRole('button', { name: /^(Start|Resume where you left off)$/ }).click();
    await expect(page).toHaveURL(new RegExp(`/learn/drills/${drill.id}/play$`));
    const player = page.getByTestId('offline-drill');
    await expect(player).toContainText(
      'Your choices are saved on this phone; the feedback and debrief come when you’re back online.',
    );
    await expect(player.getByRole('heading', { name: 'Decision 1' })).toBeVisible();
    expect(await player.getByRole('region', { name: 'Content note' }).innerText()).not.toContain(
      '..',
    );
    await page.screenshot({
      path: test.info().outputPath('offline-drill-390.png'),
      fullPage: true,
    });

    // the first choice, then a break: the place is kept on the phone
    await player.getByRole('button', { name: path[0].text, exact: true }).click();
    await expect(player.getByRole('heading', { name: 'Decision 2' })).toBeVisible();
    expect(await page.content()).not.toContain(path[0].feedback); // nothing judged here
    await player.getByRole('link', { name: 'Take a break' }).click();
    await expect(page).toHaveURL(new RegExp(`/learn/drills/${drill.id}$`));
    await page.waitForLoadState('load');
    await page.getByRole('button', { name: /^(Start|Resume where you left off)$/ }).click();
    await expect(player.getByRole('heading', { name: 'Decision 2' })).toBeVisible();

    for (const step of path.slice(1)) {
      await player.getByRole('button', { name: step.text, exact: true }).click();
      await expect(player.getByRole('button', { name: step.text, exact: true })).toHaveCount(0);
    }
    await expect(player.getByRole('status')).toContainText('You reached the end of the drill');
    await expect(player.getByRole('status')).toContainText(
      'the feedback and debrief come when you’re back online',
    );
    await page.screenshot({
      path: test.info().outputPath('offline-drill-ended-390.png'),
      fullPage: true,
    });
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await finishedAttempts(page, drill.id).catch(() => null)).toBeNull(); // truly offline
    // read before the signal returns: the sync starts at once
    items = await queued(page);
  } finally {
    await context.setOffline(false);
  }

  if (!items) throw new Error('the queue was not read offline');
  expect(items.map((i) => i.kind)).toEqual(['start', ...path.map(() => 'choice')]);
  expect(new Set(items.map((i) => i.key)).size).toBe(items.length); // a fresh key each
  for (const i of items) expect(i.key).toMatch(/^[0-9a-f-]{36}$/);

  // the signal returns: the queue syncs, the server scores the drill, the notice links to its debrief
  const notice = page.getByTestId('synced');
  await expect(notice).toContainText('Your choices from the offline drill were scored.', {
    timeout: 30_000,
  });
  await expect.poll(() => queued(page).then((q) => q.length)).toBe(0);
  expect(await finishedAttempts(page, drill.id)).toBe(before + 1);
  const link = notice.getByRole('link', { name: `See the debrief of “${drill.title}”` });
  const debrief = await link.getAttribute('href');
  expect(debrief).toMatch(new RegExp(`^/learn/drills/${drill.id}/debrief/[0-9a-f-]{36}$`));
  await link.click();
  await expect(page).toHaveURL(debrief!);
  await expect(page.getByRole('heading', { name: /^Outcome: / })).toBeVisible();
  await expect(page.getByText(/^You scored -?\d+ of a possible \d+/)).toBeVisible();

  // a replayed sync (the same items with the same keys put back, as a sync whose answers were lost
  // would leave them) records nothing twice and answers the same attempt
  await page.evaluate(
    (again) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('kindred-offline');
        open.onsuccess = () => {
          const tx = open.result.transaction('queue', 'readwrite');
          for (const item of again) tx.objectStore('queue').put(item);
          tx.oncomplete = () => {
            open.result.close();
            localStorage.setItem('kindred-queue-waiting', '1');
            resolve();
          };
          tx.onerror = () => reject(tx.error ?? new Error('put failed'));
        };
      }),
    items,
  );
  expect((await queued(page)).length).toBe(items.length);
  await page.reload();
  await expect(page.getByTestId('synced')).toContainText(
    'Your choices from the offline drill were scored.',
    {
      timeout: 30_000,
    },
  );
  await expect.poll(() => queued(page).then((q) => q.length)).toBe(0);
  await expect(
    page.getByTestId('synced').getByRole('link', { name: `See the debrief of “${drill.title}”` }),
  ).toHaveAttribute('href', debrief!);
  expect(await finishedAttempts(page, drill.id)).toBe(before + 1);

  // signing out on a shared phone clears the kept drill (pages and graph) and the queue's database
  await signOut(page);
  await expect
    .poll(async () => (await page.evaluate(() => indexedDB.databases())).map((d) => d.name))
    .not.toContain('kindred-offline');
  await expect
    .poll(() => page.evaluate(() => caches.keys()))
    .not.toContain(`kindred-kept-${aisha}`);
  expect(
    await page.evaluate(() =>
      caches.match('/api/drills/tic-dropin-01/offline?lang=en').then((r) => r === undefined),
    ),
  ).toBe(true);

  // the supervisor sees the drill's evidence in their view of the volunteer
  await signIn(page, 'supervisor.ben@kindred.demo');
  await expect(page).not.toHaveURL(/sign-in/);
  await page.goto(`/supervise/volunteers/${aisha}`);
  const evidence = page.getByTestId('volunteer-evidence');
  await expect(evidence.getByRole('listitem').first()).toContainText(
    `Practice drill: ${drill.title}`,
  );
  await expect(evidence.getByRole('listitem').first()).toContainText(drill.competencies[0]);
  await page.screenshot({
    path: test.info().outputPath('supervisor-volunteer-390.png'),
    fullPage: true,
  });
});

test('in Spanish, the offline player speaks Spanish, resumes where the attempt was, and a drill left unfinished syncs to a link to go on', async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const drill = drillOf('tic-phoneline-01');
  const es = drill.translations.es;
  await signIn(page, 'jordan@kindred.demo');
  await page.waitForURL(/\/learn$/);
  await context.addCookies([{ name: 'kindred_lang', value: 'es', url: baseURL! }]);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await workerInControl(page);
  await keepCourse(page, {
    region: 'En este teléfono',
    keep: 'Guardar en este teléfono',
    enroll: 'Inscribirme en este curso',
  });
  // Where the server's open attempt is, if an earlier run left one (the player resumes it there).
  const at = await page.evaluate(async (id) => {
    const d = (await (await fetch(`/api/drills/${id}`)).json()) as {
      attempts: { id: string; status: string }[];
    };
    const open = d.attempts.find((a) => a.status === 'open');
    if (!open) return null;
    const s = (await (await fetch(`/api/drill-attempts/${open.id}`)).json()) as {
      steps: number;
      node: { id: string };
    };
    return { node: s.node.id, steps: s.steps };
  }, drill.id);
  const steps = at?.steps ?? 0;
  const first = pathToEnd(drill, at?.node)[0];
  const ends = Boolean(drill.nodes[drill.nodes[first.node].choices[first.index].target].end);

  await context.setOffline(true);
  try {
    await page.goto(`/learn/drills/${drill.id}/play`);
    const player = page.getByTestId('offline-drill');
    await expect(player).toContainText('Tus decisiones quedan guardadas aquí');
    await expect(player.getByRole('heading', { name: `Decisión ${steps + 1}` })).toBeVisible();
    const choice = es.nodes[first.node].choices[first.index].text;
    await player.getByRole('button', { name: choice, exact: true }).click();
    if (ends)
      await expect(player.getByRole('status')).toContainText('Llegaste al final de la simulación');
    else {
      await expect(player.getByRole('heading', { name: `Decisión ${steps + 2}` })).toBeVisible();
      await expect(player.getByRole('link', { name: 'Tomar un descanso' })).toBeVisible();
    }
  } finally {
    await context.setOffline(false);
  }
  const notice = page.getByTestId('synced');
  await expect(notice).toContainText(
    'Ya se calificaron tus decisiones de la simulación sin conexión.',
    {
      timeout: 30_000,
    },
  );
  if (ends)
    await expect(
      notice.getByRole('link', { name: `Ver el repaso de «${es.title}»` }),
    ).toBeVisible();
  else
    await expect(notice.getByRole('link', { name: `Seguir con «${es.title}»` })).toHaveAttribute(
      'href',
      `/learn/drills/${drill.id}`,
    );
});
