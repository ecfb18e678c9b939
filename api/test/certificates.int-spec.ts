import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {
  documentLoader,
  extractCredentialFromPdf,
  generateIssuerKeyPair,
  signPresentation,
  StatusList,
  type JsonObject,
} from '@kindred/certificates';
import { createTestApp, type Agent, type TestApp } from './support/app.js';
import { changeStatus, issueProgram, people, userId } from './support/certificates.js';
import { newMember } from './support/people.js';
import { uuidOf } from '../src/certificates/issuance.service.js';
import { SigningPoolService } from '../src/certificates/signing-pool.service.js';

let t: TestApp;
let coordinator: Agent, staff: Agent, volunteer: Agent;
let orgId: string;
let jordanId: string;

beforeAll(async () => {
  t = await createTestApp();
  ({ coordinator, staff, volunteer, orgId } = await people(t));
  jordanId = await userId(t, 'jordan@kindred.demo');
});
afterAll(() => t.close());

const verify = (credential: object) =>
  t.http().post('/api/credentials/verify').send({ verifiableCredential: credential });

describe('certificates: issue, verify, revoke, suspend', () => {
  let id: string;
  let signed: Record<string, any>;

  it('a coordinator issues a foundations certificate; it is public, signed and valid', async () => {
    const res = await issueProgram(coordinator, orgId, jordanId, 'foundations').expect(201);
    expect(res.body.state).toBe('issued');
    id = res.body.id;
    const got = await t.http().get(`/api/credentials/${id}`).expect(200);
    signed = got.body;
    expect(signed.id).toBe(`urn:uuid:${id}`);
    expect(signed.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(signed.proof.cryptosuite).toBe('eddsa-rdfc-2022');
    expect(signed.issuer.id).toMatch(/^did:key:z6Mk/);
    expect(signed.credentialSubject.name).toBe('Jordan Reyes');
    expect(JSON.stringify(signed)).not.toContain('jordan@kindred.demo');
    expect(signed.credentialSubject.identifier[0]).toMatchObject({
      hashed: true,
      identityType: 'emailAddress',
    });
    expect(
      signed.credentialSubject.achievement.alignment.map(
        (a: { targetCode: string }) => a.targetCode,
      ),
    ).toEqual(['PEER.1', 'PEER.2', 'DEESC.1', 'DEESC.2']);
    expect(
      signed.credentialStatus.map((s: { statusPurpose: string }) => s.statusPurpose).sort(),
    ).toEqual(['revocation', 'suspension']);
    expect(Date.parse(signed.validUntil) - Date.parse(signed.validFrom)).toBeGreaterThan(
      700 * 86_400_000,
    );

    const v = await verify(signed).expect(200);
    expect(v.body).toMatchObject({ verified: true, verdict: 'valid', problemDetails: [] });
    expect(v.body.checks.map((c: { id: string }) => c.id)).toEqual([
      'signature',
      'endorsements',
      'status',
      'dates',
      'issuer',
      'data_model',
    ]);
    expect(v.body.results).toHaveLength(1);
  });

  it('verifies with @digitalbazaar/vc directly, status list fetched from the public endpoint', async () => {
    const checkStatus = async () => {
      // the independent check of the status list: it too must verify, and the bit must be clear
      for (const entry of signed.credentialStatus) {
        const list = (await t.http().get(new URL(entry.statusListCredential).pathname).expect(200))
          .body;
        const r = await vc.verifyCredential({
          credential: list,
          suite: new DataIntegrityProof({ cryptosuite }),
          documentLoader,
        });
        if (!r.verified) return { verified: false };
        if ((await StatusList.fromCredential(list)).get(Number(entry.statusListIndex)))
          return { verified: false };
      }
      return { verified: true };
    };
    const result = await vc.verifyCredential({
      credential: signed,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader,
      checkStatus,
    });
    expect(result.verified).toBe(true);
    const tampered = {
      ...signed,
      credentialSubject: { ...signed.credentialSubject, name: 'Someone Else' },
    };
    expect(
      (
        await vc.verifyCredential({
          credential: tampered,
          suite: new DataIntegrityProof({ cryptosuite }),
          documentLoader,
          checkStatus,
        })
      ).verified,
    ).toBe(false);
    const mine = await verify(tampered).expect(400);
    expect(mine.body.verdict).toBe('tampered');
  });

  it('serves the status list signed and cacheable', async () => {
    const url = new URL(signed.credentialStatus[0].statusListCredential);
    const res = await t.http().get(url.pathname).expect(200);
    expect(res.headers['cache-control']).toMatch(/public, max-age=\d+/);
    expect(res.body.type).toContain('BitstringStatusListCredential');
    expect(res.body.id).toBe(url.href);
    expect(res.body.credentialSubject.ttl).toBeGreaterThan(0);
    await t.http().get('/api/status-lists/00000000-0000-4000-8000-000000000000').expect(404);
    await t.http().get('/api/status-lists/nope').expect(400);
  });

  it('revoking needs a reason; then verification says revoked, the list shows the bit, and it cannot be undone', async () => {
    const noReason = await changeStatus(coordinator, id, 'revoke').expect(400);
    expect(noReason.body.details[0].field).toBe('reason');
    await changeStatus(volunteer, id, 'revoke', 'x').expect(403);
    const before = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE subject = $1`, [
      signed.id,
    ]);

    const res = await changeStatus(
      coordinator,
      id,
      'revoke',
      'Left the program; certificate issued in error',
    ).expect(200);
    expect(res.body).toMatchObject({
      state: 'revoked',
      stateReason: 'Left the program; certificate issued in error',
    });
    const v = await verify(signed).expect(400);
    expect(v.body).toMatchObject({ verified: false, verdict: 'revoked' });
    expect(v.body.problemDetails[0]).toMatchObject({ title: 'Status' });
    expect(
      (await t.http().get(`/api/credentials/${id}/verification`).expect(200)).body.verdict,
    ).toBe('revoked');

    const entry = signed.credentialStatus.find(
      (s: { statusPurpose: string }) => s.statusPurpose === 'revocation',
    );
    const list = (await t.http().get(new URL(entry.statusListCredential).pathname).expect(200))
      .body;
    expect((await StatusList.fromCredential(list)).get(Number(entry.statusListIndex))).toBe(true);

    const after = await t.db.query(
      `SELECT action, details FROM audit_log WHERE subject = $1 ORDER BY seq`,
      [signed.id],
    );
    expect(after.length).toBe(Number(before[0].n) + 1);
    expect(after.at(-1)).toMatchObject({
      action: 'credential.revoke',
      details: { reason: 'Left the program; certificate issued in error' },
    });
    await changeStatus(coordinator, id, 'unsuspend').expect(409);
  });

  it('suspends and lifts a suspension', async () => {
    const fresh = (await issueProgram(coordinator, orgId, jordanId, 'foundations').expect(201)).body
      .id;
    const doc = (await t.http().get(`/api/credentials/${fresh}`).expect(200)).body;
    await changeStatus(coordinator, fresh, 'unsuspend').expect(409);
    await changeStatus(coordinator, fresh, 'suspend', 'Under review after a complaint').expect(200);
    expect((await verify(doc).expect(400)).body.verdict).toBe('suspended');
    await changeStatus(coordinator, fresh, 'unsuspend').expect(200);
    expect((await verify(doc).expect(200)).body.verdict).toBe('valid');
    const actions = await t.db.query(
      `SELECT action FROM audit_log WHERE subject = $1 ORDER BY seq`,
      [doc.id],
    );
    expect(actions.map((a: { action: string }) => a.action)).toEqual([
      'credential.issue',
      'credential.suspend',
      'credential.unsuspend',
    ]);
  });

  it('signs a status list again when it was signed in the future (a clock that ran ahead), so a strict verifier accepts it', async () => {
    const fresh = (await issueProgram(coordinator, orgId, jordanId, 'foundations').expect(201)).body
      .id;
    const doc = (await t.http().get(`/api/credentials/${fresh}`).expect(200)).body;
    const suspension = doc.credentialStatus.find(
      (s: { statusPurpose: string }) => s.statusPurpose === 'suspension',
    );
    const listPath = new URL(suspension.statusListCredential).pathname;
    t.clock.advance(3 * 86_400_000);
    try {
      await changeStatus(coordinator, fresh, 'suspend', 'Signed while the clock ran ahead').expect(
        200,
      );
      await changeStatus(coordinator, fresh, 'unsuspend').expect(200);
    } finally {
      t.clock.advance(-3 * 86_400_000);
    }
    const list = (await t.http().get(listPath).expect(200)).body;
    expect(Date.parse(list.validFrom)).toBeLessThanOrEqual(Date.now());
    expect(
      (
        await vc.verifyCredential({
          credential: list,
          suite: new DataIntegrityProof({ cryptosuite }),
          documentLoader,
        })
      ).verified,
    ).toBe(true);
    expect((await verify(doc).expect(200)).body.verdict).toBe('valid');
  });

  it('lists the holder’s certificates; a hidden one is not served by link but still verifies from the file', async () => {
    const mine = await volunteer.agent.get('/api/certificates/mine').expect(200);
    expect(mine.body.find((c: { id: string }) => c.id === id)).toMatchObject({
      state: 'revoked',
      name: 'Kindred Peer Supporter Foundations',
    });
    const other = mine.body.find((c: { state: string }) => c.state === 'active');
    const doc = (await t.http().get(`/api/credentials/${other.id}`).expect(200)).body;
    await volunteer.agent
      .put(`/api/certificates/mine/${other.id}/sharing`)
      .set('x-csrf-token', volunteer.csrf)
      .send({ hidden: true })
      .expect(200);
    await t.http().get(`/api/credentials/${other.id}`).expect(404);
    await t.http().get(`/api/credentials/${other.id}/verification`).expect(404);
    await volunteer.agent.get(`/api/credentials/${other.id}/pdf`).expect(200);
    expect((await verify(doc).expect(200)).body.verdict).toBe('valid');
    await coordinator.agent
      .put(`/api/certificates/mine/${other.id}/sharing`)
      .set('x-csrf-token', coordinator.csrf)
      .send({ hidden: false })
      .expect(404);
    await volunteer.agent
      .put(`/api/certificates/mine/${other.id}/sharing`)
      .set('x-csrf-token', volunteer.csrf)
      .send({ hidden: 'yes' })
      .expect(400);
    await volunteer.agent
      .put(`/api/certificates/mine/${other.id}/sharing`)
      .set('x-csrf-token', volunteer.csrf)
      .send({ hidden: false })
      .expect(200);
  });

  it('names the wrong field for bad issuance input and refuses non-volunteers', async () => {
    const bad = await issueProgram(coordinator, orgId, 'x', '').expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'holderUserId',
      'program',
    ]);
    const unknown = await issueProgram(coordinator, orgId, jordanId, 'no-such-program').expect(400);
    expect(unknown.body.details[0].field).toBe('program');
    const notVolunteer = await issueProgram(
      coordinator,
      orgId,
      staff.user.id,
      'foundations',
    ).expect(400);
    expect(notVolunteer.body.details[0].field).toBe('holderUserId');
    await issueProgram(volunteer, orgId, jordanId, 'foundations').expect(403);
  });

  it('answers 400 for a malformed verification request and 404 for an unknown id', async () => {
    const res = await t
      .http()
      .post('/api/credentials/verify')
      .send({ verifiableCredential: 'not an object' })
      .expect(400);
    expect(res.body.details[0].field).toBe('verifiableCredential');
    await t.http().get('/api/credentials/not-an-id').expect(400);
    await t
      .http()
      .get('/api/credentials/urn:uuid:00000000-0000-4000-8000-000000000000')
      .expect(404);
  });
});

describe('co-issued certificates wait for the university', () => {
  it('records a pending request, issues nothing until staff approve, then carries the university’s endorsement', async () => {
    const priya = await userId(t, 'priya@kindred.demo');
    const before = (await t.db.query('SELECT count(*)::int AS n FROM credentials'))[0].n;
    const res = await issueProgram(coordinator, orgId, priya, 'accredited-peer-supporter').expect(
      201,
    );
    expect(res.body).toMatchObject({ state: 'pending' });
    await issueProgram(coordinator, orgId, priya, 'accredited-peer-supporter').expect(409);
    expect((await t.db.query('SELECT count(*)::int AS n FROM credentials'))[0].n).toBe(before);
    const requested = await t.db.query('SELECT action, actor FROM audit_log WHERE subject = $1', [
      `certificate-request:${res.body.requestId}`,
    ]);
    expect(requested).toEqual([
      { action: 'certificate.request', actor: `user:${coordinator.user.id}` },
    ]);

    await coordinator.agent.get('/api/certificates/pending').expect(403);
    const pending = await staff.agent.get('/api/certificates/pending').expect(200);
    expect(pending.body.find((p: { id: string }) => p.id === res.body.requestId)).toMatchObject({
      holderName: 'Priya Natarajan',
      programName: 'Accredited Peer Supporter',
    });

    await coordinator.agent
      .post('/api/certificates/pending/approve')
      .set('x-csrf-token', coordinator.csrf)
      .send({ requestIds: [res.body.requestId] })
      .expect(403);
    const approved = await staff.agent
      .post('/api/certificates/pending/approve')
      .set('x-csrf-token', staff.csrf)
      .send({ requestIds: [res.body.requestId] })
      .expect(200);
    expect(approved.body).toHaveLength(1);
    await staff.agent
      .post('/api/certificates/pending/approve')
      .set('x-csrf-token', staff.csrf)
      .send({ requestIds: [res.body.requestId] })
      .expect(409);

    const doc = (
      await t.http().get(`/api/credentials/${approved.body[0].credentialId}`).expect(200)
    ).body;
    expect(doc.endorsement).toHaveLength(1);
    expect(doc.endorsement[0].credentialSubject.id).toBe(doc.id);
    expect(doc.credentialSubject.achievement.creator.name).toBe(
      'Riverside University School of Social Work',
    );
    expect(doc.credentialSubject.creditsEarned).toBe(1.1);
    const v = await verify(doc).expect(200);
    expect(v.body.endorsements).toEqual([
      expect.objectContaining({
        passed: true,
        endorserName: 'Riverside University School of Social Work',
      }),
    ]);
    expect(v.body.checks.find((c: { id: string }) => c.id === 'issuer').detail).toMatch(
      /an organization Kindred knows/,
    );

    const issuers = await t.http().get('/api/issuers').expect(200);
    const dids = issuers.body.flatMap((i: { keys: { did: string }[] }) => i.keys.map((k) => k.did));
    expect(dids).toEqual(expect.arrayContaining([doc.issuer.id, doc.endorsement[0].issuer.id]));
  });

  it('approves a batch several at a time in the signing threads: every credential whole, on its own status indexes, and valid', async () => {
    const pool = t.app.get(SigningPoolService);
    expect(pool.threads).toBeGreaterThan(0);
    const holders = await Promise.all(
      Array.from({ length: 12 }, (_, i) => newMember(t, 'volunteer', `Batch Volunteer ${i}`)),
    );
    const requestIds: string[] = [];
    for (const h of holders)
      requestIds.push(
        (await issueProgram(coordinator, orgId, h.id, 'accredited-peer-supporter').expect(201)).body
          .requestId,
      );
    const signedBefore = pool.completed;

    const approved = await staff.agent
      .post('/api/certificates/pending/approve')
      .set('x-csrf-token', staff.csrf)
      .send({ requestIds })
      .expect(200);
    expect(approved.body.map((a: { requestId: string }) => a.requestId)).toEqual(requestIds);
    // an endorsement and a signature each, in the workers
    expect(pool.completed - signedBefore).toBe(2 * requestIds.length);

    const ids = approved.body.map((a: { credentialId: string }) => uuidOf(a.credentialId));
    const rows = await t.db.query(
      `SELECT c.id, c.holder_user_id, c.revocation_index, c.suspension_index, r.status,
              (SELECT count(*)::int FROM audit_log a WHERE a.action = 'credential.issue' AND a.subject = 'urn:uuid:' || c.id::text) AS issued
         FROM credentials c JOIN certificate_requests r ON r.credential_id = c.id WHERE c.id = ANY($1::uuid[])`,
      [ids],
    );
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((r: { holder_user_id: string }) => r.holder_user_id))).toEqual(
      new Set(holders.map((h) => h.id)),
    );
    expect(
      rows.every(
        (r: { status: string; issued: number }) => r.status === 'approved' && r.issued === 1,
      ),
    ).toBe(true);
    expect(new Set(rows.map((r: { revocation_index: number }) => r.revocation_index)).size).toBe(
      12,
    );
    expect(new Set(rows.map((r: { suspension_index: number }) => r.suspension_index)).size).toBe(
      12,
    );
    for (const id of ids.slice(0, 3)) {
      const doc = (await t.http().get(`/api/credentials/${id}`).expect(200)).body;
      expect((await verify(doc).expect(200)).body.verdict).toBe('valid');
    }
    expect((await coordinator.agent.get('/api/audit/verify').expect(200)).body).toMatchObject({
      intact: true,
    });
  });

  it('retries an issuance that lost a status index to another: the unique indexes it relies on exist under those names', async () => {
    // IssuanceService picks status indexes without locking the list and issues again on these violations.
    const names = await t.db.query(
      `SELECT conname FROM pg_constraint WHERE conrelid = 'credentials'::regclass AND contype = 'u' ORDER BY conname`,
    );
    expect(names.map((n: { conname: string }) => n.conname)).toEqual(
      expect.arrayContaining([
        'credentials_revocation_list_id_revocation_index_key',
        'credentials_suspension_list_id_suspension_index_key',
      ]),
    );
  });

  it('staff may decline with a reason: nothing is issued and the program may ask again', async () => {
    const sam = await userId(t, 'sam@kindred.demo');
    const { requestId } = (
      await issueProgram(coordinator, orgId, sam, 'accredited-peer-supporter').expect(201)
    ).body;
    const noReason = await staff.agent
      .post('/api/certificates/pending/decline')
      .set('x-csrf-token', staff.csrf)
      .send({ requestIds: [requestId] })
      .expect(400);
    expect(noReason.body.details[0].field).toBe('reason');
    await staff.agent
      .post('/api/certificates/pending/decline')
      .set('x-csrf-token', staff.csrf)
      .send({ requestIds: [requestId], reason: 'Practicum hours missing' })
      .expect(200);
    expect(
      (await staff.agent.get('/api/certificates/pending').expect(200)).body.map(
        (p: { id: string }) => p.id,
      ),
    ).not.toContain(requestId);
    await staff.agent
      .post('/api/certificates/pending/approve')
      .set('x-csrf-token', staff.csrf)
      .send({ requestIds: [requestId] })
      .expect(409);
    expect(
      await t.db.query(
        `SELECT 1 FROM credentials WHERE holder_user_id = $1 AND program_slug = 'accredited-peer-supporter'`,
        [sam],
      ),
    ).toHaveLength(0);
    const declined = await t.db.query(
      `SELECT details FROM audit_log WHERE action = 'certificate.decline' AND subject = $1`,
      [`certificate-request:${requestId}`],
    );
    expect(declined[0].details.reason).toBe('Practicum hours missing');
    await issueProgram(coordinator, orgId, sam, 'accredited-peer-supporter').expect(201);
  });
});

describe('service issuance with an API client', () => {
  let token: string;
  let clientRowId: string;
  let did: string;

  beforeAll(async () => {
    const res = await coordinator.agent
      .post(`/api/organizations/${orgId}/api-clients`)
      .set('x-csrf-token', coordinator.csrf)
      .send({ name: 'HR system' })
      .expect(201);
    token = res.body.token;
    clientRowId = res.body.id;
    const list = await coordinator.agent.get(`/api/organizations/${orgId}/api-clients`).expect(200);
    expect(list.body.find((c: { id: string }) => c.id === clientRowId)).not.toHaveProperty('token');
    const issuers = (await t.http().get('/api/issuers').expect(200)).body;
    did = issuers
      .find((i: { organizationId: string }) => i.organizationId === orgId)
      .keys.find((k: { retiredAt: string | null }) => !k.retiredAt).did;
  });

  const credential = () => ({
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    type: ['VerifiableCredential'],
    issuer: did,
    validFrom: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    credentialSubject: { id: 'did:example:volunteer-42' },
  });
  const issue = (body: object, auth = `Bearer ${token}`) =>
    t.http().post('/api/credentials/issue').set('authorization', auth).send(body);

  it('signs a VC 2.0 credential of the calling organization, with status entries, in the VC-API shape', async () => {
    const res = await issue({ credential: credential() }).expect(201);
    const signed = res.body.verifiableCredential;
    expect(signed.id).toMatch(/^urn:uuid:/);
    expect(signed.proof.cryptosuite).toBe('eddsa-rdfc-2022');
    expect(signed.credentialStatus).toHaveLength(2);
    expect((await verify(signed).expect(200)).body.verified).toBe(true);

    const onlyRevocation = await issue({
      credential: credential(),
      options: {
        credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' },
      },
    }).expect(201);
    expect(onlyRevocation.body.verifiableCredential.credentialStatus).toMatchObject({
      statusPurpose: 'revocation',
    });
    const [row] = await t.db.query(
      'SELECT issued_by_client_id, suspension_index FROM credentials WHERE id = $1',
      [onlyRevocation.body.verifiableCredential.id.slice(9)],
    );
    expect(row).toEqual({ issued_by_client_id: clientRowId, suspension_index: null });
  });

  it('refuses an invalid credential with problemDetails (400), another issuer (422), and bad options', async () => {
    const noContext = await issue({
      credential: { ...credential(), '@context': ['https://example.org/ctx'] },
    }).expect(400);
    expect(noContext.body.problemDetails[0]).toMatchObject({
      type: expect.stringMatching(/^https:/),
      title: expect.any(String),
      detail: expect.stringMatching(/@context/),
    });
    await issue({ credential: { ...credential(), proof: {} } }).expect(400);
    const other = await issue({
      credential: {
        ...credential(),
        issuer: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
      },
    }).expect(422);
    expect(other.body.problemDetails[0].detail).toMatch(/issuer/);
    const undefinedTerm = await issue({ credential: { ...credential(), notATerm: 1 } }).expect(422);
    expect(undefinedTerm.body.problemDetails[0].detail).toMatch(/cannot be signed/);
    await issue({
      credential: credential(),
      options: { credentialStatus: { type: 'StatusList2021Entry', statusPurpose: 'revocation' } },
    }).expect(400);
    await issue({}).expect(400);
  });

  it('refuses a missing or wrong token, and a revoked client', async () => {
    await issue({ credential: credential() }, '').expect(401);
    await issue({ credential: credential() }, `Bearer ${token.split('.')[0]}.wrong-secret`).expect(
      401,
    );
    await coordinator.agent
      .delete(`/api/organizations/${orgId}/api-clients/${clientRowId}`)
      .set('x-csrf-token', coordinator.csrf)
      .expect(204);
    const res = await issue({ credential: credential() }).expect(401);
    expect(res.body.problemDetails[0].detail).toMatch(/revoked/);
  });
});

describe('issuance is one transaction', () => {
  it('leaves no credential row, no status index and no audit line when the audit write fails mid-transaction', async () => {
    const counts = async () =>
      (
        await t.db.query(
          `SELECT (SELECT count(*) FROM credentials)::int AS c, (SELECT count(*) FROM audit_log)::int AS a`,
        )
      )[0];
    const before = await counts();
    // A fault injected in the database itself: the audit insert (the last write of issuance) fails.
    await t.db.query(
      `CREATE FUNCTION fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$`,
    );
    await t.db.query(
      `CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION fail_audit()`,
    );
    try {
      const res = await issueProgram(coordinator, orgId, jordanId, 'foundations');
      expect(res.status).toBe(500);
      expect(res.body.message).not.toMatch(/injected/);
    } finally {
      await t.db.query(`DROP TRIGGER fail_audit ON audit_log; DROP FUNCTION fail_audit()`);
    }
    expect(await counts()).toEqual(before);
    await issueProgram(coordinator, orgId, jordanId, 'foundations').expect(201);
    expect((await counts()).c).toBe(Number(before.c) + 1);
  });
});

describe('the audit log', () => {
  it('is hash-chained, refuses UPDATE and DELETE, and detects a line changed behind the trigger’s back', async () => {
    const intact = await coordinator.agent.get('/api/audit/verify').expect(200);
    expect(intact.body).toMatchObject({ intact: true });
    expect(intact.body.entries).toBeGreaterThan(3);
    await expect(
      t.db.query(`UPDATE audit_log SET actor = 'someone' WHERE seq = 2`),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_log WHERE seq = 2`)).rejects.toThrow(/append-only/);

    const [row] = await t.db.query(`SELECT details FROM audit_log WHERE seq = 2`);
    await t.db.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`);
    try {
      await t.db.query(
        `UPDATE audit_log SET details = details || '{"reason": "edited"}' WHERE seq = 2`,
      );
      const broken = await coordinator.agent.get('/api/audit/verify').expect(200);
      expect(broken.body).toMatchObject({ intact: false, brokenAt: 2 });
      expect(broken.body.problem).toMatch(/changed/);
      await t.db.query(`UPDATE audit_log SET details = $1 WHERE seq = 2`, [
        JSON.stringify(row.details),
      ]);
    } finally {
      await t.db.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete`);
    }
    expect((await coordinator.agent.get('/api/audit/verify').expect(200)).body.intact).toBe(true);
    await volunteer.agent.get('/api/audit/verify').expect(403);
  });
});

describe('bulk verification and key rotation', () => {
  it('answers a CSV of ids and links with a CSV of verdicts', async () => {
    const mine = (await volunteer.agent.get('/api/certificates/mine').expect(200)).body as {
      id: string;
      state: string;
      verifyUrl: string;
    }[];
    const revoked = mine.find((c) => c.state === 'revoked')!;
    const active = mine.find((c) => c.state === 'active')!;
    const csv = `id\n${active.verifyUrl}\nurn:uuid:${revoked.id}\n00000000-0000-4000-8000-000000000000\n`;
    const res = await t
      .http()
      .post('/api/credentials/verify/bulk')
      .set('content-type', 'text/csv')
      .send(csv)
      .expect(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe('id,verdict,holder,certificate,valid_until,summary');
    expect(lines[1]).toMatch(/,valid,Jordan Reyes,/);
    expect(lines[2]).toMatch(/,revoked,/);
    expect(lines[3]).toMatch(/,unknown,/);
    const json = await t
      .http()
      .post('/api/credentials/verify/bulk')
      .send({ ids: [active.id] })
      .expect(200);
    expect(json.text).toMatch(/,valid,/);
    await t
      .http()
      .post('/api/credentials/verify/bulk')
      .set('content-type', 'text/csv')
      .send('nothing here\n')
      .expect(400);
  });

  it('keeps certificates signed by a retired key valid (and revocable) after rotation', async () => {
    const old = (await issueProgram(coordinator, orgId, jordanId, 'foundations').expect(201)).body
      .id;
    const oldDoc = (await t.http().get(`/api/credentials/${old}`).expect(200)).body;
    const rotated = await coordinator.agent
      .post(`/api/organizations/${orgId}/signing-key/rotate`)
      .set('x-csrf-token', coordinator.csrf)
      .expect(201);
    expect(rotated.body.did).not.toBe(oldDoc.issuer.id);
    expect((await verify(oldDoc).expect(200)).body.verdict).toBe('valid');
    const fresh = (await issueProgram(coordinator, orgId, jordanId, 'foundations').expect(201)).body
      .id;
    const freshDoc = (await t.http().get(`/api/credentials/${fresh}`).expect(200)).body;
    expect(freshDoc.issuer.id).toBe(rotated.body.did);
    await changeStatus(coordinator, old, 'revoke', 'Rotation test').expect(200);
    expect((await verify(oldDoc).expect(400)).body.verdict).toBe('revoked');
    expect((await verify(freshDoc).expect(200)).body.verdict).toBe('valid');
    const registry = (await t.http().get('/api/issuers').expect(200)).body.find(
      (i: { organizationId: string }) => i.organizationId === orgId,
    );
    expect(
      registry.keys
        .filter((k: { retiredAt: string | null }) => k.retiredAt)
        .map((k: { did: string }) => k.did),
    ).toContain(oldDoc.issuer.id);
  });
});

describe('status list freshness', () => {
  it('republishes a list before its signed validity runs out, keeping its bits', async () => {
    const id = (await issueProgram(coordinator, orgId, jordanId, 'foundations').expect(201)).body
      .id;
    const doc = (await t.http().get(`/api/credentials/${id}`).expect(200)).body;
    const path = new URL(doc.credentialStatus[0].statusListCredential).pathname;
    const before = (await t.http().get(path).expect(200)).body;
    t.clock.advance(5 * 86_400_000);
    try {
      const after = (await t.http().get(path).expect(200)).body;
      expect(Date.parse(after.validUntil)).toBeGreaterThan(Date.parse(before.validUntil));
      expect(after.credentialSubject.encodedList).toBe(before.credentialSubject.encodedList);
      expect((await verify(doc).expect(200)).body.verdict).toBe('valid');
    } finally {
      t.clock.advance(-5 * 86_400_000);
    }
  });
});

describe('renewal', () => {
  it('marks the earlier certificate of the same program superseded, not revoked', async () => {
    const aisha = await userId(t, 'aisha@kindred.demo');
    const first = (await issueProgram(coordinator, orgId, aisha, 'foundations').expect(201)).body
      .id;
    const firstDoc = (await t.http().get(`/api/credentials/${first}`).expect(200)).body;
    const second = (await issueProgram(coordinator, orgId, aisha, 'foundations').expect(201)).body
      .id;
    const [row] = await t.db.query('SELECT superseded_by, state FROM credentials WHERE id = $1', [
      first,
    ]);
    expect(row).toEqual({ superseded_by: second, state: 'active' });
    expect((await verify(firstDoc).expect(200)).body.verdict).toBe('valid');
    const [audit] = await t.db.query(
      `SELECT details FROM audit_log WHERE action = 'credential.issue' AND subject = $1`,
      [`urn:uuid:${second}`],
    );
    expect(audit.details.supersedes).toEqual([`urn:uuid:${first}`]);
  });
});

describe('the PDF and presentations', () => {
  let doc: Record<string, any>;
  let id: string;

  beforeAll(async () => {
    id = (await issueProgram(coordinator, orgId, jordanId, 'foundations').expect(201)).body.id;
    doc = (await t.http().get(`/api/credentials/${id}`).expect(200)).body;
  });

  it('serves a PDF whose attached credential is the signed one and verifies', async () => {
    const res = await t
      .http()
      .get(`/api/credentials/${id}/pdf`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const attached = extractCredentialFromPdf(res.body as Buffer);
    expect(attached).toEqual(doc);
    expect((await verify(attached).expect(200)).body.verdict).toBe('valid');
  });

  it('serves the PDF in the reader’s language (issue 16): Spanish words for a Spanish reader', async () => {
    const get = (lang: string) =>
      t
        .http()
        .get(`/api/credentials/${id}/pdf`)
        .set('accept-language', lang)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
    const es = await get('es-US,es;q=0.9');
    expect(es.headers.vary).toMatch(/Accept-Language/);
    expect((es.body as Buffer).toString('latin1')).toMatch(/\/Lang \(es\)/);
    const en = await get('en-US');
    expect((en.body as Buffer).toString('latin1')).toMatch(/\/Lang \(en\)/);
    // the attached credential is the same signed one whatever the language
    expect(extractCredentialFromPdf(es.body as Buffer)).toEqual(doc);
  });

  it('verifies a presentation signed by its holder for a challenge, and refuses a wrong challenge', async () => {
    const holder = await generateIssuerKeyPair();
    const vp = await signPresentation([doc as JsonObject], holder, {
      challenge: 'employer-nonce-1',
      domain: 'hr.example',
    });
    const ok = await t
      .http()
      .post('/api/presentations/verify')
      .send({
        verifiablePresentation: vp,
        options: { challenge: 'employer-nonce-1', domain: 'hr.example' },
      })
      .expect(200);
    expect(ok.body).toMatchObject({ verified: true, problemDetails: [] });
    expect(ok.body.credentialResults[0]).toMatchObject({ verdict: 'valid', credentialId: doc.id });
    const wrong = await t
      .http()
      .post('/api/presentations/verify')
      .send({ verifiablePresentation: vp, options: { challenge: 'another-nonce' } })
      .expect(400);
    expect(wrong.body.presentationResult[0].passed).toBe(false);
    const unsigned = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      verifiableCredential: [doc],
    };
    await t
      .http()
      .post('/api/presentations/verify')
      .send({ verifiablePresentation: unsigned })
      .expect(200);
    await t
      .http()
      .post('/api/presentations/verify')
      .send({ verifiablePresentation: unsigned, options: { challenge: 'x' } })
      .expect(400);
    await t
      .http()
      .post('/api/presentations/verify')
      .send({ verifiablePresentation: 'nope' })
      .expect(400);
  });
});
