import { test, expect, type Page } from '@playwright/test';
import {
  Api,
  completeCourse,
  newVolunteer,
  playDrill,
  signOff as signOffBy,
} from '../journeys/support';
import { courseContent, signIn, signOut } from './support';

// Issue 22: a skill code (DEESC.3) never appears without its name, and a raw kind (`knowledge_check`)
// never appears at all: people read the dictionary's words. Every page supervisors, university staff
// and volunteers use is scanned line by line (as the page is read: innerText).

const competencies = courseContent().framework.competencies;
const nameOf = new Map(competencies.map((c) => [c.id, c.name]));
const CODE = /\b([A-Z]{2,6}\.\d{1,2})\b/g;
/** snake_case words: enum values of the API (knowledge_check, prior_learning, signoff_expired, not_yet…) */
const RAW_KIND = /\b[a-z]+(?:_[a-z]+)+\b/g;

/** Lines of the page's main text where a code stands without its name, or a raw kind shows. */
async function bareCodes(page: Page): Promise<string[]> {
  await page.waitForLoadState('networkidle');
  const text = await page.locator('main').innerText();
  const problems: string[] = [];
  // a table row reads as one line with its cells separated by tabs: each cell is a line of its own
  for (const line of text.split(/[\n\t]/)) {
    for (const [, code] of line.matchAll(CODE)) {
      const name = nameOf.get(code);
      if (name && !line.includes(name)) problems.push(`${code} without its name: “${line.trim()}”`);
    }
    for (const [kind] of line.matchAll(RAW_KIND)) problems.push(`raw “${kind}”: “${line.trim()}”`);
  }
  return problems;
}

async function scan(page: Page, paths: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBeLessThan(400);
    found.push(...(await bareCodes(page)).map((p) => `${path}: ${p}`));
  }
  return found;
}

test('supervisor, university and volunteer pages never show a skill code without its name, nor a raw kind', async ({
  page,
  baseURL,
}) => {
  expect(competencies.length).toBeGreaterThan(10);
  // A volunteer of Ana's with evidence of every kind, one skill signed off and one waiting in her queue.
  const coordinator = await Api.signIn(baseURL!, 'coordinator@kindred.demo');
  const supervisor = await Api.signIn(baseURL!, 'supervisor.ana@kindred.demo');
  const v = await newVolunteer(baseURL!, coordinator, 'Named Nadia', supervisor.user.email);
  await completeCourse(v, 'peer-roles');
  await playDrill(v, 'deesc-library-01');
  await signOffBy(v, supervisor, 'PEER.1');
  const map =
    await v.get<{ competencyId: string; request: { id: string; status: string } | null }[]>(
      '/me/competencies',
    );
  const open = map.find((e) => e.competencyId === 'PEER.3')?.request;
  const request =
    open?.status === 'open'
      ? open
      : await v.post<{ id: string }>('/me/competencies/PEER.3/signoff-requests', {
          reflection: 'I practised this on evening shifts.',
          priorLearningNote: 'A peer storytelling workshop, twelve hours.',
        });

  await signIn(page, 'supervisor.ana@kindred.demo');
  await expect(page).toHaveURL(/\/supervise$/);
  const found = await scan(page, [
    '/supervise',
    '/supervise/competencies',
    `/supervise/requests/${request.id}`,
    '/supervise/drills',
    '/supervise/volunteers',
    `/supervise/volunteers/${v.user.id}`,
    '/supervise/hours',
  ]);
  await signOut(page);

  await signIn(page, 'staff@riverside-university.demo');
  await expect(page).toHaveURL(/\/institution$/);
  found.push(...(await scan(page, ['/institution'])));
  await signOut(page);

  await signIn(page, 'jordan@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  found.push(
    ...(await scan(page, [
      '/learn',
      '/learn/competencies',
      '/learn/certificates',
      '/learn/drills',
      '/me/pathway',
      '/me/supervision',
      '/me/ce',
      '/me/hours',
    ])),
  );
  await signOut(page);
  await Promise.all([coordinator.dispose(), supervisor.dispose(), v.dispose()]);
  expect(found).toEqual([]);
});
