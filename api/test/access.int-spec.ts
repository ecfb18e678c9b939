import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { ACCESS_KEY, type AccessRule } from '../src/common/access.js';
import { createTestApp, type TestApp, type Agent } from './support/app.js';

let t: TestApp;
let volunteer: Agent, supervisor: Agent, coordinator: Agent, staff: Agent;
beforeAll(async () => {
  t = await createTestApp();
  [volunteer, supervisor, coordinator, staff] = await Promise.all([
    t.signIn('jordan@kindred.demo'),
    t.signIn('supervisor.ben@kindred.demo'),
    t.signIn('coordinator@kindred.demo'),
    t.signIn('staff@riverside-university.demo'),
  ]);
});
afterAll(() => t.close());

/** Every route of every controller with the access rule it states (undefined when it states none). */
function routeTable(): { route: string; rule: AccessRule | undefined }[] {
  const discovery = t.app.get(DiscoveryService);
  const scanner = t.app.get(MetadataScanner);
  const reflector = t.app.get(Reflector);
  return discovery.getControllers().flatMap((wrapper) => {
    const instance = wrapper.instance as object;
    const proto = Object.getPrototypeOf(instance);
    const base = Reflect.getMetadata(PATH_METADATA, wrapper.metatype as object);
    return scanner
      .getAllMethodNames(proto)
      .filter((name) => Reflect.getMetadata(PATH_METADATA, proto[name]) !== undefined)
      .map((name) => ({
        route: `${Reflect.getMetadata(METHOD_METADATA, proto[name])} /api/${base}/${Reflect.getMetadata(PATH_METADATA, proto[name])}`,
        rule: reflector.getAllAndOverride<AccessRule>(ACCESS_KEY, [
          proto[name],
          wrapper.metatype as object,
        ]),
      }));
  });
}

describe('who may call what', () => {
  it('every API route states who may call it', () => {
    const routes = routeTable();
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((r) => !r.rule).map((r) => r.route)).toEqual([]);
  });

  it("a volunteer cannot reach a coordinator's routes", async () => {
    const org = coordinator.user.memberships[0].organizationId;
    await volunteer.agent.get('/api/invites').expect(403);
    await volunteer.agent.get('/api/outbox').expect(403);
    await volunteer.agent.get(`/api/organizations/${org}/members`).expect(403);
    await volunteer.agent
      .post('/api/invites')
      .set('x-csrf-token', volunteer.csrf)
      .send({ email: 'x@example.org', name: 'X', role: 'coordinator', organizationId: org })
      .expect(403);
  });

  it("a supervisor and institution staff cannot reach a coordinator's routes", async () => {
    for (const who of [supervisor, staff]) {
      await who.agent.get('/api/invites').expect(403);
      await who.agent.get('/api/outbox').expect(403);
    }
  });

  it('anonymous callers are asked to sign in', async () => {
    await t.http().get('/api/invites').expect(401);
    await t.http().get('/api/outbox').expect(401);
  });

  it("a volunteer cannot read another organization's people, and a coordinator only their own", async () => {
    const [university] = await t.db.query(`SELECT id FROM organizations WHERE kind = 'university'`);
    await volunteer.agent.get(`/api/organizations/${university.id}/members`).expect(403);
    await coordinator.agent.get(`/api/organizations/${university.id}/members`).expect(403);
    const own = await coordinator.agent
      .get(`/api/organizations/${coordinator.user.memberships[0].organizationId}/members`)
      .expect(200);
    expect(own.body.map((m: { email: string }) => m.email)).toContain('jordan@kindred.demo');
  });

  it('rejects a malformed id with 400, not 500', async () => {
    const res = await coordinator.agent.get('/api/organizations/..%2F..%2Fetc/members').expect(400);
    expect(res.body.statusCode).toBe(400);
  });
});
