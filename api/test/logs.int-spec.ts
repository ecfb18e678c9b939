import { AuditService } from '../src/audit/audit.service.js';
import { EvidenceRepository } from '../src/evidence/evidence.repository.js';
import { createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let audit: AuditService;
let evidence: EvidenceRepository;
let volunteerId: string;
beforeAll(async () => {
  t = await createTestApp();
  audit = t.app.get(AuditService);
  evidence = t.app.get(EvidenceRepository);
  [{ id: volunteerId }] = await t.db.query(`SELECT id FROM users WHERE email = 'sam@kindred.demo'`);
});
afterAll(() => t.close());

describe('the evidence log', () => {
  it('appends rows and refuses UPDATE and DELETE; a correction is a new row pointing at the old one', async () => {
    const [row] = await evidence.append([{ volunteerId, competencyId: 'PEER.2', source: 'observation', level: 'developing', note: 'first observation' }]);
    await expect(t.db.query(`UPDATE evidence SET level = 'exemplary' WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM evidence WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);
    const [fix] = await evidence.append([{ volunteerId, competencyId: 'PEER.2', source: 'observation', level: 'proficient', correctsId: row.id, note: 'level corrected' }]);
    const rows = await evidence.forVolunteer(volunteerId, 'PEER.2');
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining([row.id, fix.id]));
    expect(rows.find((r) => r.id === row.id)!.level).toBe('developing');
  });
});

describe('the audit log', () => {
  it('chains every entry to the one before and detects tampering', async () => {
    await t.db.transaction(async (m) => {
      await audit.append(m, { actorId: volunteerId, action: 'test.first', subjectType: 'test', subjectId: '1', data: { b: 2, a: 1 } });
      await audit.append(m, { actorId: null, action: 'test.second', subjectType: 'test', subjectId: '2' });
    });
    expect(await audit.verifyChain()).toMatchObject({ ok: true });
    await expect(t.db.query(`UPDATE audit_log SET action = 'test.changed' WHERE action = 'test.first'`)).rejects.toThrow(/append-only/);

    // Someone with the power to bypass the trigger still cannot change history unnoticed.
    await t.db.transaction(async (m) => {
      await m.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await m.query(`UPDATE audit_log SET data = '{"a":9}' WHERE action = 'test.first'`);
      await m.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    });
    const check = await audit.verifyChain();
    expect(check.ok).toBe(false);
    const [first] = await t.db.query(`SELECT seq FROM audit_log WHERE action = 'test.first'`);
    expect(check.brokenAt).toBe(first.seq);

    // Put history back: the test database is shared by every suite of the run.
    await t.db.transaction(async (m) => {
      await m.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await m.query(`UPDATE audit_log SET data = '{"a":1,"b":2}' WHERE action = 'test.first'`);
      await m.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    });
    expect(await audit.verifyChain()).toMatchObject({ ok: true });
  });

  it('rolls back with the transaction it belongs to', async () => {
    const before = (await audit.verifyChain()).entries;
    await expect(
      t.db.transaction(async (m) => {
        await audit.append(m, { actorId: null, action: 'test.rolled-back', subjectType: 'test', subjectId: '3' });
        throw new Error('issuance failed halfway');
      }),
    ).rejects.toThrow('halfway');
    expect((await audit.verifyChain()).entries).toBe(before);
  });
});
