import { readFileSync } from 'node:fs';
import { createTestApp, type Agent, type TestApp } from './support/app.js';
import { otherProgram, person } from './support/security.js';

/** Issue 21 (where the network reaches): the coordinator's map, volunteers' reach, the public figures. */

const SLOW = 120_000;
const SLUG = 'network-spec-town';
const demo = (file: string) => readFileSync(new URL(`../demo/${file}`, import.meta.url), 'utf8');
const GEOJSON = demo('riverside-areas.geojson');
const CSV = demo('riverside-needs.csv');

let t: TestApp;
let orgId: string;
let coordinator: Agent;
const volunteers: { id: string; email: string; agent: Agent }[] = [];

const put = (who: Agent, path: string, body: object) =>
  who.agent.put(path).set('x-csrf-token', who.csrf).send(body);
const upload = (who: Agent, body: object) =>
  put(who, '/api/program/network', { organizationId: orgId, ...body });
const reach = (i: number, areas: string[], languages: string[], isPublic: boolean) =>
  put(volunteers[i].agent, '/api/me/reach', { areas, languages, public: isPublic });

async function publicArea(code: string) {
  const res = await t.http().get('/api/network').expect(200);
  const network = (
    res.body.networks as { organizationSlug: string; areas: { code: string }[] }[]
  ).find((n) => n.organizationSlug === SLUG);
  return {
    body: res.body,
    text: res.text,
    network,
    area: network?.areas.find((a) => a.code === code),
  };
}

beforeAll(async () => {
  t = await createTestApp({ LOGIN_RATE_LIMIT: '1000' });
  orgId = await otherProgram(t, SLUG);
  coordinator = await t.signIn((await person(t, 'coordinator', SLUG)).email);
  for (let i = 0; i < 6; i++) {
    const v = await person(t, 'volunteer', SLUG);
    volunteers.push({ ...v, agent: await t.signIn(v.email) });
  }
}, SLOW);
afterAll(() => t.close(), SLOW);

describe('the coordinator uploads the city', () => {
  it('refuses a malformed GeoJSON with 422 naming file:line, and keeps no half map', async () => {
    const bad = GEOJSON.replace('"name": "Old Town"', '"title": "Old Town"');
    const res = await upload(coordinator, { geojson: bad, geojsonName: 'city.geojson' }).expect(
      422,
    );
    expect(res.body.message).toBe(
      'city.geojson:31: area "RV-04": properties.name must be a name of 1–120 characters',
    );
    expect(res.body.details).toEqual([{ field: 'geojson', messages: [res.body.message] }]);
    const syntax = await upload(coordinator, {
      geojson: GEOJSON.replace('44.9455], [-93.2665', '44.9455] [-93.2665'),
      geojsonName: 'city.geojson',
    }).expect(422);
    expect(syntax.body.message).toMatch(/^city\.geojson:10: not valid JSON/);
    expect((await publicArea('RV-04')).network).toBeUndefined();
  });

  it('refuses a CSV row with a bad figure or an unknown area code at its line', async () => {
    const bad = CSV.replace('RV-05,Ferry Landing,7300', 'RV-05,Ferry Landing,lots');
    const res = await upload(coordinator, {
      geojson: GEOJSON,
      geojsonName: 'city.geojson',
      csv: bad,
      csvName: 'needs.csv',
    }).expect(422);
    expect(res.body.message).toBe('needs.csv:6: population must be a whole number, got "lots"');
    expect(res.body.details[0].field).toBe('csv');
    const unknown = await upload(coordinator, {
      geojson: GEOJSON,
      geojsonName: 'city.geojson',
      csv: CSV + 'RV-99,Nowhere,10,10,\n',
      csvName: 'needs.csv',
    }).expect(422);
    expect(unknown.body.message).toBe('needs.csv:11: no area with code "RV-99" in the GeoJSON');
  });

  it('draws the areas as SVG paths and joins the needs by code', async () => {
    const res = await upload(coordinator, {
      geojson: GEOJSON,
      geojsonName: 'riverside-areas.geojson',
      csv: CSV,
      csvName: 'riverside-needs.csv',
    }).expect(200);
    expect(res.body).toEqual({ areas: 9, withNeeds: 9 });
    const { network, area, body } = await publicArea('RV-07');
    expect(body.rules).toEqual({
      threshold: 5,
      countsRoundTo: 5,
      hoursRoundTo: 10,
      quarterDays: 91,
    });
    expect(network).toMatchObject({ viewWidth: 600, organizationName: 'Elsewhere Peer Line' });
    expect(network!.areas).toHaveLength(9);
    expect(area).toMatchObject({
      name: 'Harbor Flats',
      population: 11200,
      need: 65,
      volunteers: 0,
      coverage: 'none',
      path: expect.stringMatching(/^M[\d.,LZM]+$/),
    });
  });
});

describe('volunteers say where they reach', () => {
  it('shows the program’s areas to choose from and refuses an area not on the map, naming the field', async () => {
    const mine = await volunteers[0].agent.agent.get('/api/me/reach').expect(200);
    expect(mine.body).toEqual([
      expect.objectContaining({ organizationId: orgId, areas: [], public: false, updatedAt: null }),
    ]);
    expect(mine.body[0].areaOptions).toContainEqual({ code: 'RV-04', name: 'Old Town' });
    const res = await reach(0, ['RV-04', 'RV-42'], ['en'], true).expect(422);
    expect(res.body.details).toEqual([
      { field: 'areas', messages: [expect.stringContaining('RV-42')] },
    ]);
    const lang = await reach(0, ['RV-04'], ['Spanish'], true).expect(400);
    expect(lang.body.details[0].field).toBe('languages');
  });

  it('withholds a count from fewer than 5, rounds the rest, and counts only those who opted in', async () => {
    // five serve Old Town and speak Spanish, but one has not opted in to the public figures
    for (let i = 0; i < 5; i++) await reach(i, ['RV-04'], ['en', 'es'], i !== 4).expect(200);
    for (let i = 0; i < 5; i++)
      await t.db.query(
        `INSERT INTO practice_hours (organization_id, volunteer_user_id, worked_on, hours, setting, category, status, reviewed_at)
         VALUES ($1, $2, now()::date - 3, 3.5, 'Drop-in', 'one-to-one', 'verified', now())`,
        [orgId, volunteers[i].id],
      );
    const four = (await publicArea('RV-04')).area;
    expect(four).toMatchObject({ volunteers: null, hours: null, languages: [], coverage: 'none' });

    await reach(4, ['RV-04'], ['en', 'es'], true).expect(200);
    const five = (await publicArea('RV-04')).area;
    // 5 volunteers, 17.5 verified hours (rounded to 20), Spanish from 5 of them
    expect(five).toMatchObject({ volunteers: 5, certified: 0, hours: 20, languages: ['en', 'es'] });

    // opting out shows at the next load
    await reach(2, ['RV-04'], ['en', 'es'], false).expect(200);
    expect((await publicArea('RV-04')).area).toMatchObject({ volunteers: null, hours: null });
  });

  it('never puts a person in the public answer: no id, name or e-mail', async () => {
    await reach(2, ['RV-04'], ['en', 'es'], true).expect(200);
    const { text } = await publicArea('RV-04');
    for (const v of volunteers) {
      expect(text).not.toContain(v.id);
      expect(text).not.toContain(v.email);
    }
    expect(text).not.toContain('Matrix volunteer');
  });
});

describe('the gaps', () => {
  it('lists needy areas with no certified volunteer or missing languages, as JSON and gaps.csv', async () => {
    const res = await coordinator.agent.get('/api/program/network').expect(200);
    expect(res.body).toMatchObject({
      organizationId: orgId,
      areas: 9,
      sourceName: 'riverside-areas.geojson',
    });
    // neediest first: Eastbank (80) has nobody at all and asks for Somali and Arabic
    expect(res.body.gaps[0]).toEqual({
      code: 'RV-06',
      name: 'Eastbank',
      population: 6900,
      need: 80,
      volunteers: 0,
      certified: 0,
      languagesAsked: ['so', 'ar'],
      languagesMissing: ['so', 'ar'],
      reasons: ['no_certified', 'few_volunteers', 'languages'],
    });
    // Old Town has its volunteers but no certified one and nobody speaking Vietnamese
    expect(res.body.gaps).toContainEqual(
      expect.objectContaining({
        code: 'RV-04',
        volunteers: 5,
        languagesMissing: ['vi'],
        reasons: ['no_certified', 'languages'],
      }),
    );
    const csv = await coordinator.agent.get('/api/program/network/gaps.csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain('gaps.csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'code,name,population,need,volunteers,certified,languages_asked,languages_missing,gaps',
    );
    expect(lines[1]).toBe(
      'RV-06,Eastbank,6900,80,0,0,so ar,so ar,no_certified few_volunteers languages',
    );
    expect(lines.find((l) => l.startsWith('RV-04,'))).toBe(
      'RV-04,Old Town,9800,55,5,0,es vi,vi,no_certified languages',
    );
  });

  it('counts 1 to 4 volunteers as withheld in the gaps too', async () => {
    await reach(5, ['RV-09'], ['en'], false).expect(200);
    const csv = await coordinator.agent.get('/api/program/network/gaps.csv').expect(200);
    expect(csv.text).toContain(
      'RV-09,Southmead,5600,45,<5,0,ar,ar,no_certified few_volunteers languages',
    );
  });
});

describe('who may do what', () => {
  it('the public figures need no account; the rest need the right role in the right program', async () => {
    await t.http().get('/api/network').expect(200);
    await t.http().get('/api/me/reach').expect(401);
    await t.http().get('/api/program/network').expect(401);
    await volunteers[0].agent.agent.get('/api/program/network').expect(403);
    await put(volunteers[0].agent, '/api/program/network', {
      geojson: GEOJSON,
      geojsonName: 'x.geojson',
    }).expect(403);
    await coordinator.agent.get('/api/me/reach').expect(403);
    const demoCoordinator = await t.signIn('coordinator@kindred.demo');
    await demoCoordinator.agent.get(`/api/program/network?organizationId=${orgId}`).expect(403);
    await put(demoCoordinator, '/api/program/network', {
      organizationId: orgId,
      geojson: GEOJSON,
      geojsonName: 'x.geojson',
    }).expect(403);
    await put(volunteers[0].agent, '/api/me/reach', {
      organizationId: (
        await t.db.query(`SELECT id FROM organizations WHERE slug = 'riverside-peer-network'`)
      )[0].id,
      areas: [],
      languages: [],
      public: true,
    }).expect(403);
  });
});

describe('KINDRED_SUPPRESS_BELOW', () => {
  it(
    'moves the threshold of the map and of the wellbeing aggregates alike',
    async () => {
      const three = await createTestApp({ KINDRED_SUPPRESS_BELOW: '3' });
      try {
        const res = await three.http().get('/api/network').expect(200);
        expect(res.body.rules.threshold).toBe(3);
        await reach(2, ['RV-04'], ['en'], false).expect(200);
        await reach(3, ['RV-04'], ['en'], false).expect(200);
        // three opted in now: withheld below 5, shown (rounded to 5) at a threshold of 3
        expect((await publicArea('RV-04')).area).toMatchObject({ volunteers: null });
        const net = (res.body.networks as { organizationSlug: string }[]).find(
          (n) => n.organizationSlug === SLUG,
        );
        expect(net).toBeDefined();
        const again = await three.http().get('/api/network').expect(200);
        const area = (
          again.body.networks as {
            organizationSlug: string;
            areas: { code: string; volunteers: number | null }[];
          }[]
        )
          .find((n) => n.organizationSlug === SLUG)!
          .areas.find((a) => a.code === 'RV-04');
        expect(area!.volunteers).toBe(5);
        const coordinatorThere = await three.signIn('coordinator@kindred.demo');
        const wellbeing = await coordinatorThere.agent.get('/api/program/wellbeing').expect(200);
        expect(wellbeing.body.threshold).toBe(3);
      } finally {
        await three.close();
      }
    },
    SLOW,
  );
});
