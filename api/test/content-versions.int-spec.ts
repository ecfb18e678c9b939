import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coursesDir, loadCatalog } from '../src/courses/course-content.js';
import { syncCatalog } from '../src/courses/catalog.sync.js';
import { createTestApp, type TestApp } from './support/app.js';
import { newVolunteer } from './support/learners.js';

let t: TestApp;
let dir: string;
beforeAll(async () => {
  t = await createTestApp();
  dir = mkdtempSync(join(tmpdir(), 'kindred-content-'));
  cpSync(coursesDir({}), dir, {
    recursive: true,
    filter: (src) => !/node_modules|[/\\](src|dist|test)$/.test(src),
  });
});
afterAll(async () => {
  // back to the real content for any suite that runs after this one
  await syncCatalog(t.db, loadCatalog());
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const versionsOf = (id: string) =>
  t.db.query(
    `SELECT v.id, v.content_hash, (m.current_version_id = v.id) AS current FROM module_versions v JOIN modules m ON m.id = v.module_id WHERE v.module_id = $1 ORDER BY v.created_at`,
    [id],
  );

describe('content versions', () => {
  it('syncing unchanged content adds no version', async () => {
    const report = await syncCatalog(t.db, loadCatalog());
    expect(report.newVersions).toEqual([]);
    expect(report.courses).toBe(loadCatalog().courses.length);
  });

  it('an edited module gets a new version; progress and attempts keep the version that was read', async () => {
    const original = loadCatalog();
    const module = original.courses.find((c) => c.slug === 'peer-roles')!.modules[0];
    const me = await newVolunteer(t);
    const csrf = { 'x-csrf-token': me.csrf };
    await me.agent
      .put(`/api/modules/${module.id}/progress`)
      .set(csrf)
      .send({ position: 'before-the-edit' })
      .expect(200);
    const wrong = Object.fromEntries(
      module.quiz.map((q) => [q.id, q.choices.find((c) => c.id !== q.answer)!.id]),
    );
    const attempt = await me.agent
      .post(`/api/modules/${module.id}/attempts`)
      .set(csrf)
      .send({ answers: wrong })
      .expect(200);
    const [before] = await versionsOf(module.id);

    const file = join(dir, module.file);
    writeFileSync(file, readFileSync(file, 'utf8') + '\nOne more sentence, added by an editor.\n');
    const edited = loadContentFresh(dir);
    const report = await syncCatalog(t.db, edited);
    expect(report.newVersions).toEqual([module.id]);

    const versions = await versionsOf(module.id);
    expect(versions).toHaveLength(2);
    expect(versions[0]).toMatchObject({ id: before.id, current: false });
    expect(versions[1].current).toBe(true);
    expect(versions[1].content_hash).not.toBe(before.content_hash);

    const [progress] = await t.db.query(
      `SELECT module_version_id, position FROM module_progress WHERE user_id = $1`,
      [me.user.id],
    );
    expect(progress).toEqual({ module_version_id: before.id, position: 'before-the-edit' });
    const [stored] = await t.db.query(`SELECT module_version_id FROM quiz_attempts WHERE id = $1`, [
      attempt.body.id,
    ]);
    expect(stored.module_version_id).toBe(before.id);

    // a new attempt is graded against, and recorded with, the new version; the saved place survives
    const again = await me.agent
      .post(`/api/modules/${module.id}/attempts`)
      .set(csrf)
      .send({ answers: wrong })
      .expect(200);
    const [latest] = await t.db.query(`SELECT module_version_id FROM quiz_attempts WHERE id = $1`, [
      again.body.id,
    ]);
    expect(latest.module_version_id).toBe(versions[1].id);
    expect((await me.agent.get(`/api/modules/${module.id}`)).body.position).toBe('before-the-edit');

    // reverting the edit points back at the old version instead of adding a third
    const back = await syncCatalog(t.db, original);
    expect(back.newVersions).toEqual([]);
    const after = await versionsOf(module.id);
    expect(after).toHaveLength(2);
    expect(after.find((v: { current: boolean }) => v.current).id).toBe(before.id);
  });

  it('refuses content that fails the checker, naming file and line', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'kindred-broken-'));
    cpSync(dir, broken, { recursive: true });
    const file = join(broken, 'peer-roles', 'course.md');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace(/^minutes:.*$/m, '')
        .replace('pass_mark: 0.75', 'pass_mark: 3'),
    );
    expect(() => loadCatalog(broken)).toThrow(/peer-roles\/course\.md:\d+: /);
    rmSync(broken, { recursive: true, force: true });
  });
});

/** loadCatalog caches per folder; an edited copy needs a fresh read. */
function loadContentFresh(root: string) {
  const copy = mkdtempSync(join(tmpdir(), 'kindred-edited-'));
  cpSync(root, copy, { recursive: true });
  return loadCatalog(copy);
}
