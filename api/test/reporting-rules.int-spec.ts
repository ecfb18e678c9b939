import { createTestApp, uniqueEmail, type Agent, type TestApp } from './support/app.js';

// A program's reporting rules (issue 15, "When you must share"): its coordinators set the state and the
// reporting route; a volunteer sees them in the module whose body links to #program-rules, and only there.

let t: TestApp;
let orgId: string;
let coordinator: Agent;
let volunteer: Agent;
let otherCoordinator: Agent;

/** A fresh program with one coordinator and one volunteer, so no other spec shares its rules. */
async function freshProgram(): Promise<{ id: string; coordinator: string; volunteer: string }> {
  const slug = uniqueEmail('prog').replace(/[^a-z0-9]+/g, '-');
  const [org] = await t.db.query(
    `INSERT INTO organizations (slug, name, kind) VALUES ($1, 'Lakeside Warm Line', 'program') RETURNING id`,
    [slug],
  );
  const people = { coordinator: uniqueEmail('rules-coord'), volunteer: uniqueEmail('rules-vol') };
  for (const [role, email] of Object.entries(people)) {
    await t.db.query(
      `WITH u AS (INSERT INTO users (email, name, password_hash)
         SELECT $1, 'Rules Tester', password_hash FROM users WHERE email = 'jordan@kindred.demo' RETURNING id)
       INSERT INTO memberships (user_id, organization_id, role) SELECT u.id, $2, $3 FROM u`,
      [email, org.id, role],
    );
  }
  return { id: org.id, ...people };
}

beforeAll(async () => {
  t = await createTestApp();
  const p = await freshProgram();
  orgId = p.id;
  coordinator = await t.signIn(p.coordinator);
  volunteer = await t.signIn(p.volunteer);
  otherCoordinator = await t.signIn('coordinator@kindred.demo');
});
afterAll(() => t.close());

const put = (who: Agent, body: object, id = orgId) =>
  who.agent
    .put(`/api/organizations/${id}/reporting-rules`)
    .set('x-csrf-token', who.csrf)
    .send(body);

const ROUTE =
  'Peer staff are mandated reporters. Call the county children services hotline yourself, the same day, with your supervisor on the line; then note the time and the reference number.';

describe('reporting rules', () => {
  it('start empty, and a coordinator sets the state and the route', async () => {
    const empty = await coordinator.agent
      .get(`/api/organizations/${orgId}/reporting-rules`)
      .expect(200);
    expect(empty.body).toMatchObject({ organizationId: orgId, state: null, route: null });

    const res = await put(coordinator, { state: 'OH', route: `  ${ROUTE}  ` }).expect(200);
    expect(res.body).toMatchObject({
      organizationName: 'Lakeside Warm Line',
      state: 'OH',
      route: ROUTE,
    });
    expect(res.body.updatedAt).toEqual(expect.any(String));
  });

  it('refuse a state that is not a US state or territory, and a route over 2000 characters, naming the field', async () => {
    const state = await put(coordinator, { state: 'Ohio', route: 'x' }).expect(400);
    expect(state.body.details.map((d: { field: string }) => d.field)).toEqual(['state']);
    const route = await put(coordinator, { state: 'OH', route: 'x'.repeat(2001) }).expect(400);
    expect(route.body.details.map((d: { field: string }) => d.field)).toEqual(['route']);
    const extra = await put(coordinator, { state: 'OH', route: 'x', hotline: '1' }).expect(400);
    expect(extra.body.details[0].field).toBe('hotline');
    // nothing half-written: the earlier rules stand
    const now = await coordinator.agent.get(`/api/organizations/${orgId}/reporting-rules`);
    expect(now.body).toMatchObject({ state: 'OH', route: ROUTE });
  });

  it('can be set only by a coordinator of that program', async () => {
    await put(otherCoordinator, { state: 'TX' }).expect(403);
    await put(volunteer, { state: 'TX' }).expect(403);
    await otherCoordinator.agent.get(`/api/organizations/${orgId}/reporting-rules`).expect(403);
  });

  it('show in "When you must share" for the program\'s volunteers, and in no other module', async () => {
    const mod = await volunteer.agent.get('/api/modules/peer-04').expect(200);
    expect(mod.body.programRules).toEqual([
      expect.objectContaining({
        organizationName: 'Lakeside Warm Line',
        state: 'OH',
        route: ROUTE,
      }),
    ]);
    const other = await volunteer.agent.get('/api/modules/peer-02').expect(200);
    expect(other.body.programRules).toBeNull();
  });

  it('clear when the form is sent empty, and the module then shows the program with nothing set', async () => {
    const res = await put(coordinator, { state: null, route: '   ' }).expect(200);
    expect(res.body).toMatchObject({ state: null, route: null });
    const mod = await volunteer.agent.get('/api/modules/peer-04').expect(200);
    expect(mod.body.programRules).toEqual([
      expect.objectContaining({ organizationId: orgId, state: null, route: null }),
    ]);
  });
});
