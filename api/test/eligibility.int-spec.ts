import { ContentService } from '../src/content/content.service.js';
import { DomainError } from '../src/common/errors.js';
import { IssuanceService } from '../src/certificates/issuance.service.js';
import { ProgramsService } from '../src/certificates/programs.service.js';
import { EvidenceEvents } from '../src/evidence/evidence-events.js';
import { EligibilityJob } from '../src/certificates/eligibility.job.js';
import { EligibilityService } from '../src/certificates/eligibility.service.js';
import { createTestApp, type Agent, type TestApp } from './support/app.js';
import { people } from './support/certificates.js';
import { newVolunteer } from './support/learners.js';
import { newMember } from './support/people.js';

/** This machine is shared and slow; the sign-off loops make many requests. */
const SLOW = 120_000;

let t: TestApp;
let coordinator: Agent, staff: Agent, supervisor: Agent;
let orgId: string;

interface Needs {
  courses: string[];
  drills: string[];
  competencies: string[];
}
/** What a program asks for, read from its definition (certificates/programs), so the tests follow it. */
function needs(slug: string): Needs {
  const p = t.app.get(ProgramsService).get(slug);
  if (!p) throw new Error(`no program ${slug}`);
  const r = p.requirements;
  return {
    courses: [...r.courses],
    drills: [...r.drills],
    competencies: r.competencies.map((c) => c.id),
  };
}
let FOUNDATIONS: Needs, ACCREDITED: Needs;

beforeAll(async () => {
  t = await createTestApp();
  FOUNDATIONS = needs('foundations');
  ACCREDITED = needs('accredited-peer-supporter');
  ({ coordinator, staff, orgId } = await people(t));
  const sup = await newMember(t, 'supervisor', 'Test Supervisor');
  supervisor = await t.signIn(sup.email);
}, SLOW);
afterAll(async () => {
  await t.app.get(EvidenceEvents).idle();
  await t.close();
}, SLOW);

const settled = () => t.app.get(EvidenceEvents).idle();
const sweep = () => t.app.get(EligibilityJob).run();
const runFor = (id: string) => t.app.get(EligibilityService).runFor(id);

/** A fresh volunteer in the test supervisor's cohort. */
async function volunteer(): Promise<Agent> {
  const v = await newVolunteer(t, 'Eligible Volunteer');
  await coordinator.agent
    .post('/api/cohorts/assignments')
    .set('x-csrf-token', coordinator.csrf)
    .send({ organizationId: orgId, supervisorId: supervisor.user.id, volunteerId: v.user.id })
    .expect(201);
  return v;
}

// Course completion and drill passes are the earlier requirements; their own flows (quizzes, drill walks)
// are tested in courses.int-spec and drill-attempts.int-spec, so here they are stored directly. These rows
// write no evidence, so they do not start the after-evidence run: only sign-offs and the sweep do.
async function completeCourses(userId: string, slugs: string[]): Promise<void> {
  await t.db.query(
    `INSERT INTO module_progress (user_id, module_id, module_version_id, status, started_at, updated_at, completed_at)
     SELECT $1, m.id, m.current_version_id, 'completed', now(), now(), now() FROM modules m JOIN courses c ON c.id = m.course_id
      WHERE c.slug = ANY($2) AND m.current_version_id IS NOT NULL
     ON CONFLICT (user_id, module_id) DO UPDATE SET status = 'completed', completed_at = now()`,
    [userId, slugs],
  );
}

async function passDrills(userId: string, drills: string[]): Promise<void> {
  await t.db.query(
    `INSERT INTO drill_attempts (volunteer_id, drill_id, drill_hash, status, current_node, score, max_score, pass_score, end_node, outcome, passed, started_at, updated_at, finished_at)
     SELECT $1, d, 'test', 'finished', 'END:test', 10, 10, 7, 'END:test', 'connected', true, now(), now(), now() FROM unnest($2::text[]) d`,
    [userId, drills],
  );
}

/** The real sign-off path: the volunteer asks, the supervisor signs off at proficient. */
async function signOff(v: Agent, competencies: string[]): Promise<void> {
  const content = t.app.get(ContentService);
  for (const id of competencies) {
    const req = await v.agent
      .post(`/api/me/competencies/${id}/signoff-requests`)
      .set('x-csrf-token', v.csrf)
      .send({ reflection: 'Done it in real peer work' })
      .expect(201);
    const scores = Object.fromEntries(
      content.competency(id)!.rubric.map((c) => [c.id, 'proficient']),
    );
    await supervisor.agent
      .post(`/api/supervision/requests/${req.body.id}/decision`)
      .set('x-csrf-token', supervisor.csrf)
      .send({ decision: 'sign_off', level: 'proficient', scores, comment: 'Clear and kind' })
      .expect(200);
  }
  await settled();
}

async function credentials(
  userId: string,
  program: string,
): Promise<
  { id: string; state: string; superseded_by: string | null; issued_by_user_id: string | null }[]
> {
  return t.db.query(
    `SELECT id, state, superseded_by, issued_by_user_id FROM credentials WHERE holder_user_id = $1 AND program_slug = $2 ORDER BY issued_at`,
    [userId, program],
  );
}

async function requests(
  userId: string,
  program: string,
): Promise<{ id: string; status: string }[]> {
  return t.db.query(
    `SELECT id, status FROM certificate_requests WHERE holder_user_id = $1 AND program_slug = $2`,
    [userId, program],
  );
}

describe('automatic eligibility: foundations', () => {
  let v: Agent;

  it(
    'shows the volunteer what is still missing, and issues exactly one certificate on the last sign-off',
    async () => {
      v = await volunteer();
      const before = await v.agent.get('/api/certificates/mine/progress').expect(200);
      const foundations = before.body.find((p: { slug: string }) => p.slug === 'foundations');
      expect(foundations).toMatchObject({
        met: false,
        done: 0,
        total:
          FOUNDATIONS.courses.length + FOUNDATIONS.drills.length + FOUNDATIONS.competencies.length,
        held: null,
        pendingRequest: false,
        coIssuer: null,
      });
      expect(foundations.requirements[0]).toMatchObject({
        kind: 'course',
        id: 'peer-roles',
        met: false,
        reason: 'course',
      });
      expect(foundations.requirements.find((r: { id: string }) => r.id === 'PEER.1')).toMatchObject(
        { kind: 'competency', met: false, reason: 'level', required: 'proficient' },
      );

      await completeCourses(v.user.id, FOUNDATIONS.courses);
      await passDrills(v.user.id, FOUNDATIONS.drills);
      await signOff(v, FOUNDATIONS.competencies.slice(0, 3));
      expect(await credentials(v.user.id, 'foundations')).toHaveLength(0);
      const almost = (await v.agent.get('/api/certificates/mine/progress').expect(200)).body.find(
        (p: { slug: string }) => p.slug === 'foundations',
      );
      const total =
        FOUNDATIONS.courses.length + FOUNDATIONS.drills.length + FOUNDATIONS.competencies.length;
      expect(almost).toMatchObject({ met: false, done: total - 1, total });
      expect(
        almost.requirements
          .filter((r: { met: boolean }) => !r.met)
          .map((r: { id: string }) => r.id),
      ).toEqual(['DEESC.2']);

      await signOff(v, ['DEESC.2']);
      const issued = await credentials(v.user.id, 'foundations');
      expect(issued).toHaveLength(1);
      expect(issued[0]).toMatchObject({
        state: 'active',
        superseded_by: null,
        issued_by_user_id: null,
      });
      const [audit] = await t.db.query(
        `SELECT actor, details FROM audit_log WHERE action = 'credential.issue' AND subject = $1`,
        [`urn:uuid:${issued[0].id}`],
      );
      expect(audit).toMatchObject({
        actor: 'system',
        details: { program: 'foundations', automatic: 'first', supersedes: [] },
      });

      const mine = await v.agent.get('/api/certificates/mine').expect(200);
      expect(mine.body.map((c: { programSlug: string }) => c.programSlug)).toEqual(['foundations']);
      const after = (await v.agent.get('/api/certificates/mine/progress').expect(200)).body.find(
        (p: { slug: string }) => p.slug === 'foundations',
      );
      expect(after).toMatchObject({
        met: true,
        done:
          FOUNDATIONS.courses.length + FOUNDATIONS.drills.length + FOUNDATIONS.competencies.length,
        held: { id: issued[0].id, state: 'active', expired: false },
      });
      // the co-issued program is far from met: nothing asked of the university
      expect(await requests(v.user.id, 'accredited-peer-supporter')).toHaveLength(0);
    },
    SLOW,
  );

  it(
    'running the sweep twice, or alongside other runs, issues nothing more',
    async () => {
      const first = await sweep();
      expect(first.ran).toBe(true);
      expect(first.volunteers).toBeGreaterThanOrEqual(1);
      await sweep();
      await Promise.all([sweep(), sweep(), runFor(v.user.id), runFor(v.user.id)]);
      expect(await credentials(v.user.id, 'foundations')).toHaveLength(1);
    },
    SLOW,
  );

  it(
    'two runs at once for a newly eligible volunteer issue one certificate: the database refuses the second',
    async () => {
      const w = await volunteer();
      await completeCourses(w.user.id, FOUNDATIONS.courses);
      await signOff(w, FOUNDATIONS.competencies);
      expect(await credentials(w.user.id, 'foundations')).toHaveLength(0); // drills still missing
      await passDrills(w.user.id, FOUNDATIONS.drills); // the last requirement, without an after-evidence run
      const [o1, o2, o3] = await Promise.all([
        runFor(w.user.id),
        runFor(w.user.id),
        runFor(w.user.id),
        sweep(),
      ]);
      expect(await credentials(w.user.id, 'foundations')).toHaveLength(1);
      const results = [o1, o2, o3].flatMap((o) =>
        o.filter((x) => x.program === 'foundations').map((x) => x.result),
      );
      expect(results.filter((r) => r === 'issued').length).toBeLessThanOrEqual(1);
      // the index itself: a second current certificate of the same program cannot be stored
      await expect(
        t.db.query(
          `INSERT INTO credentials (id, organization_id, signing_key_id, holder_user_id, program_slug, signed, issued_at)
         SELECT gen_random_uuid(), organization_id, signing_key_id, holder_user_id, program_slug, signed, now() FROM credentials WHERE holder_user_id = $1`,
          [w.user.id],
        ),
      ).rejects.toThrow(/credentials_one_current/);
    },
    SLOW,
  );

  it(
    'a revoked certificate is not re-issued by the automatic path',
    async () => {
      const w = await volunteer();
      await completeCourses(w.user.id, FOUNDATIONS.courses);
      await passDrills(w.user.id, FOUNDATIONS.drills);
      await signOff(w, FOUNDATIONS.competencies);
      const [c] = await credentials(w.user.id, 'foundations');
      await coordinator.agent
        .post(`/api/certificates/${c.id}/revoke`)
        .set('x-csrf-token', coordinator.csrf)
        .send({ reason: 'Test: conduct', category: 'requirements_no_longer_met' })
        .expect(200);
      await sweep();
      expect((await credentials(w.user.id, 'foundations')).map((x) => x.state)).toEqual([
        'revoked',
      ]);
    },
    SLOW,
  );

  describe('renewal', () => {
    it(
      're-signed-off before expiry: a renewed certificate, the old one superseded (not revoked) and telling so',
      async () => {
        const [old] = await credentials(v.user.id, 'foundations');
        t.clock.advance(13 * 30 * 86_400_000); // a year on; the certificate runs 24 months
        await signOff(v, FOUNDATIONS.competencies.slice(0, 3));
        expect(await credentials(v.user.id, 'foundations')).toHaveLength(1); // not every skill re-signed yet
        await signOff(v, ['DEESC.2']);
        const rows = await credentials(v.user.id, 'foundations');
        expect(rows).toHaveLength(2);
        const renewed = rows.find((r) => r.id !== old.id)!;
        expect(rows.find((r) => r.id === old.id)).toMatchObject({
          state: 'active',
          superseded_by: renewed.id,
        });
        expect(renewed).toMatchObject({ state: 'active', superseded_by: null });

        const [audit] = await t.db.query(
          `SELECT details FROM audit_log WHERE action = 'credential.issue' AND subject = $1`,
          [`urn:uuid:${renewed.id}`],
        );
        expect(audit.details).toMatchObject({
          automatic: 'renew',
          supersedes: [`urn:uuid:${old.id}`],
        });

        const check = await t.http().get(`/api/credentials/${old.id}/verification`).expect(200);
        expect(check.body).toMatchObject({
          verdict: 'valid',
          supersededBy: renewed.id,
          replacedAs: 'renewal',
        });
        expect(check.body.summary).toMatch(/renewed: a newer certificate replaces it/);
        const bulk = await t
          .http()
          .post('/api/credentials/verify/bulk')
          .set('content-type', 'text/csv')
          .send(`${old.id}\n${renewed.id}\n`)
          .expect(200);
        const [, oldLine, newLine] = bulk.text.trim().split('\r\n');
        expect(oldLine).toMatch(new RegExp(`^${old.id},valid,.*newer certificate replaces it`));
        expect(newLine).not.toMatch(/replaces it/);
        const fresh = await t.http().get(`/api/credentials/${renewed.id}/verification`).expect(200);
        expect(fresh.body).toMatchObject({ verdict: 'valid', supersededBy: null });

        const mine = await v.agent.get('/api/certificates/mine').expect(200);
        expect(mine.body.find((c: { id: string }) => c.id === old.id)).toMatchObject({
          supersededBy: renewed.id,
          state: 'active',
        });

        await sweep();
        expect(await credentials(v.user.id, 'foundations')).toHaveLength(2);
      },
      SLOW,
    );

    it(
      'two renewals of the same certificate at once: one wins, the other is refused and rolled back',
      async () => {
        const [, current] = await credentials(v.user.id, 'foundations');
        const issuance = t.app.get(IssuanceService);
        const renew = () =>
          issuance.requestProgramCertificate(
            'system',
            orgId,
            v.user.id,
            'foundations',
            'http://localhost:3999',
            { automatic: 'renew', replaces: current.id },
          );
        const settledRuns = await Promise.allSettled([renew(), renew(), renew()]);
        expect(settledRuns.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of settledRuns.filter(
          (x): x is PromiseRejectedResult => x.status === 'rejected',
        ))
          expect(r.reason).toBeInstanceOf(DomainError);
        const rows = await credentials(v.user.id, 'foundations');
        expect(rows).toHaveLength(3);
        expect(rows.filter((r) => r.superseded_by === null)).toHaveLength(1);
      },
      SLOW,
    );
  });
});

describe('automatic eligibility: a co-issued program', () => {
  it(
    'makes one pending request for the university and issues nothing before approval',
    async () => {
      const v = await volunteer();
      await completeCourses(v.user.id, ACCREDITED.courses);
      await passDrills(v.user.id, ACCREDITED.drills);
      await signOff(v, ACCREDITED.competencies);
      expect(await credentials(v.user.id, 'foundations')).toHaveLength(1); // its requirements are a subset
      expect(await credentials(v.user.id, 'accredited-peer-supporter')).toHaveLength(0);
      const [pending] = await requests(v.user.id, 'accredited-peer-supporter');
      expect(pending.status).toBe('pending');

      await Promise.all([sweep(), sweep(), runFor(v.user.id), runFor(v.user.id)]);
      await sweep();
      expect(await requests(v.user.id, 'accredited-peer-supporter')).toHaveLength(1);
      expect(await credentials(v.user.id, 'accredited-peer-supporter')).toHaveLength(0);
      const progress = (await v.agent.get('/api/certificates/mine/progress').expect(200)).body.find(
        (p: { slug: string }) => p.slug === 'accredited-peer-supporter',
      );
      expect(progress).toMatchObject({
        met: true,
        pendingRequest: true,
        held: null,
        coIssuer: 'riverside-university',
      });

      const queue = await staff.agent.get('/api/certificates/pending').expect(200);
      expect(queue.body.map((p: { id: string }) => p.id)).toContain(pending.id);
      await staff.agent
        .post('/api/certificates/pending/approve')
        .set('x-csrf-token', staff.csrf)
        .send({ requestIds: [pending.id] })
        .expect(200);
      expect(await credentials(v.user.id, 'accredited-peer-supporter')).toHaveLength(1);
      await sweep();
      expect(await requests(v.user.id, 'accredited-peer-supporter')).toEqual([
        { id: pending.id, status: 'approved' },
      ]);
      expect(await credentials(v.user.id, 'accredited-peer-supporter')).toHaveLength(1);
    },
    SLOW,
  );
});
