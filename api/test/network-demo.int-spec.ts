import { NetworkDemo } from '../src/network/network.seed.js';
import { DEMO_ORGANIZATIONS } from '../src/seed/seed.js';
import { createTestApp, type TestApp } from './support/app.js';

// Issue 18: the demo network's neighbours (network.seed.ts, what `pnpm start` shows at /network and in
// /admin/evaluation) joined the program when their account was made, 200 − i days ago, before they
// enrolled (150 days ago). Their memberships used to be dated the day of the seed, so the evaluation's
// "enrolled" step came out at a median of −150 days.

let t: TestApp;
let orgId: string;

beforeAll(async () => {
  t = await createTestApp();
  const [org] = await t.db.query(`SELECT id FROM organizations WHERE slug = $1`, [
    DEMO_ORGANIZATIONS.city.slug,
  ]);
  orgId = org.id as string;
  // The seed only runs while the program has no map; another file of the run may have uploaded one.
  await t.db.query(`DELETE FROM network_maps WHERE organization_id = $1`, [orgId]);
  expect(await t.app.get(NetworkDemo).ensure()).toBe(true);
});

afterAll(() => t?.close());

describe('the demo network', () => {
  it('writes its 28 neighbours, their reach, courses and verified hours', async () => {
    const [counts] = await t.db.query(
      `SELECT
         (SELECT count(*)::int FROM users WHERE email LIKE '%@neighbours.kindred.demo') AS users,
         (SELECT count(*)::int FROM memberships m JOIN users u ON u.id = m.user_id
           WHERE u.email LIKE '%@neighbours.kindred.demo' AND m.organization_id = $1) AS memberships,
         (SELECT count(*)::int FROM volunteer_reach r JOIN users u ON u.id = r.user_id
           WHERE u.email LIKE '%@neighbours.kindred.demo') AS reach,
         (SELECT count(*)::int FROM enrollments e JOIN users u ON u.id = e.user_id
           WHERE u.email LIKE '%@neighbours.kindred.demo') AS enrollments,
         (SELECT count(DISTINCT p.user_id)::int FROM module_progress p JOIN users u ON u.id = p.user_id
           WHERE u.email LIKE '%@neighbours.kindred.demo' AND p.status = 'completed') AS finished,
         (SELECT coalesce(sum(h.hours), 0)::float FROM practice_hours h JOIN users u ON u.id = h.volunteer_user_id
           WHERE u.email LIKE '%@neighbours.kindred.demo' AND h.status = 'verified') AS hours,
         (SELECT count(*)::int FROM practice_hours h JOIN users u ON u.id = h.volunteer_user_id
           WHERE u.email LIKE '%@neighbours.kindred.demo') AS shifts`,
      [orgId],
    );
    // 28 people, 22 of them trained (NEIGHBOURS' fourth column), 188 hours in shifts of at most 4 hours.
    expect(counts).toEqual({
      users: 28,
      memberships: 28,
      reach: 28,
      enrollments: 22,
      finished: 22,
      hours: 188,
      shifts: 58,
    });
  });

  it('dates each membership on the day the neighbour joined, before their enrollment', async () => {
    const dates = await t.db.query(
      `SELECT u.created_at AS joined, m.created_at AS member, e.created_at AS enrolled
         FROM users u JOIN memberships m ON m.user_id = u.id AND m.organization_id = $1
         LEFT JOIN enrollments e ON e.user_id = u.id
        WHERE u.email LIKE '%@neighbours.kindred.demo'`,
      [orgId],
    );
    expect(dates).toHaveLength(28);
    for (const d of dates) {
      expect(d.member).toEqual(d.joined);
      if (d.enrolled) expect(d.member.getTime()).toBeLessThan(d.enrolled.getTime());
    }
  });

  it('gives the program evaluation no negative median in its funnel', async () => {
    const coordinator = await t.signIn('coordinator@kindred.demo');
    const { body } = await coordinator.agent.get('/api/evaluation').expect(200);
    const steps = body.funnel.all as { step: string; medianDays: number | null }[];
    const enrolled = steps.find((s) => s.step === 'enrolled');
    expect(enrolled?.medianDays).not.toBeNull();
    expect(steps.filter((s) => s.medianDays !== null && s.medianDays < 0)).toEqual([]);
  });
});
