import { DAY_MS } from '@kindred/certificates/dates';
import { PathwayDemo } from '../src/pathways/pathways.seed.js';
import { createTestApp, type TestApp } from './support/app.js';

// The demo pathway (pathways.seed.ts, what `pnpm start` shows for tomas@kindred.demo): a provisional peer
// supporter 3.5 verified hours short of certification, his record written as the modules write it. Pins
// the story the seed tells, so a rewrite of its SQL (issue 18: from raw .query() to Kysely) keeps it.

let t: TestApp;
let tomasId: string;
let benId: string;

beforeAll(async () => {
  t = await createTestApp();
  const [tomas] = await t.db.query(`SELECT id FROM users WHERE email = 'tomas@kindred.demo'`);
  const [ben] = await t.db.query(
    `SELECT id FROM users WHERE email = 'supervisor.ben@kindred.demo'`,
  );
  tomasId = tomas.id as string;
  benId = ben.id as string;
  // The seed only runs while he has no practice hours; another file of the run may have logged some.
  await t.db.query(`DELETE FROM practice_hours WHERE volunteer_user_id = $1`, [tomasId]);
  expect(await t.app.get(PathwayDemo).ensure()).toBe(true);
});

afterAll(() => t?.close());

describe('the demo pathway', () => {
  it('makes Tomás provisional, short only of 3.5 verified hours', async () => {
    const tomas = await t.signIn('tomas@kindred.demo');
    const { body } = await tomas.agent.get('/api/me/pathway').expect(200);
    const [view] = body as {
      status: string;
      next: { stageId: string; missing: number; items: Record<string, unknown>[] };
    }[];
    expect(view.status).toBe('provisional');
    expect(view.next.stageId).toBe('certified');
    expect(view.next.missing).toBe(1);
    expect(view.next.items.filter((i) => !i.met)).toEqual([
      expect.objectContaining({ kind: 'practice_hours', ref: null, have: 68.5, need: 72 }),
    ]);
  });

  it('writes his hours as a supervisor verified them: 22 shifts, 31 + 10.5 + 27 hours', async () => {
    const hours = await t.db.query(
      `SELECT category, count(*)::int AS shifts, sum(hours)::float AS hours
         FROM practice_hours
        WHERE volunteer_user_id = $1 AND status = 'verified' AND reviewed_by = $2
          AND reviewed_at = created_at AND worked_on < reviewed_at
        GROUP BY category ORDER BY category`,
      [tomasId, benId],
    );
    expect(hours).toEqual([
      { category: 'crisis-line', shifts: 9, hours: 27 },
      { category: 'group', shifts: 3, hours: 10.5 },
      { category: 'one-to-one', shifts: 10, hours: 31 },
    ]);
  });

  it('links each sign-off to its observation evidence, and each rating to the latest', async () => {
    const signOffs = await t.db.query(
      `SELECT r.competency_id AS competency, r.level, e.level AS observed,
              e.source_ref = 'signoff:' || r.id AS linked, e.created_at = r.decided_at AS same_day
         FROM signoff_requests r JOIN evidence e ON e.id = r.observation_evidence_id
        WHERE r.volunteer_id = $1 AND r.decided_by = $2 AND r.status = 'signed_off'
          AND r.comment = 'Observed in supervised practice'
        ORDER BY r.decided_at, r.competency_id`,
      [tomasId, benId],
    );
    expect(signOffs).toEqual(
      [
        ['PEER.1', 'developing'],
        ['DEESC.1', 'developing'],
        ['PEER.1', 'proficient'],
        ['PEER.2', 'proficient'],
        ['DEESC.1', 'proficient'],
        ['DEESC.2', 'proficient'],
      ].map(([competency, level]) => ({
        competency,
        level,
        observed: level,
        linked: true,
        same_day: true,
      })),
    );
    const ratings = await t.db.query(
      `SELECT g.competency_id AS competency, g.level, g.status,
              g.evidence_ids = ARRAY[r.observation_evidence_id] AS cites, g.valid_until
         FROM competency_ratings g
         JOIN signoff_requests r ON r.volunteer_id = g.volunteer_id
          AND r.competency_id = g.competency_id AND r.decided_at = g.signed_off_at
        WHERE g.volunteer_id = $1 AND g.signed_off_by = $2
        ORDER BY g.competency_id`,
      [tomasId, benId],
    );
    expect(ratings).toEqual(
      ['DEESC.1', 'DEESC.2', 'PEER.1', 'PEER.2'].map((competency) => ({
        competency,
        level: 'proficient',
        status: 'current',
        cites: true,
        valid_until: null,
      })),
    );
  });

  it('backdates his courses, drills, supervision and membership, and runs only once', async () => {
    const [row] = await t.db.query(
      `SELECT
         (SELECT count(*)::int FROM module_progress p JOIN modules md ON md.id = p.module_id
            JOIN courses c ON c.id = md.course_id
           WHERE p.user_id = $1 AND p.status = 'completed'
             AND c.slug IN ('peer-roles', 'crisis-de-escalation', 'trauma-informed-care')) AS completed,
         (SELECT count(*)::int FROM modules md JOIN courses c ON c.id = md.course_id
           WHERE c.slug IN ('peer-roles', 'crisis-de-escalation', 'trauma-informed-care')) AS modules,
         (SELECT array_agg(drill_id ORDER BY drill_id) FROM drill_attempts
           WHERE volunteer_id = $1 AND passed AND drill_hash = 'demo') AS drills,
         (SELECT count(*)::int FROM supervision_sessions
           WHERE volunteer_id = $1 AND supervisor_id = $2 AND wellbeing = 4) AS sessions,
         (SELECT created_at FROM memberships WHERE user_id = $1 AND role = 'volunteer') AS joined`,
      [tomasId, benId],
    );
    expect(row).toMatchObject({
      drills: ['deesc-bus-stop-01', 'deesc-library-01'],
      sessions: 6,
    });
    expect(row.completed).toBe(row.modules);
    expect(Math.round((Date.now() - (row.joined as Date).getTime()) / DAY_MS)).toBe(240);
    expect(await t.app.get(PathwayDemo).ensure()).toBe(false);
  });
});
