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
    const [row] = await evidence.append([
      {
        volunteerId,
        competencyId: 'PEER.2',
        source: 'observation',
        level: 'developing',
        note: 'first observation',
      },
    ]);
    await expect(
      t.db.query(`UPDATE evidence SET level = 'exemplary' WHERE id = $1`, [row.id]),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM evidence WHERE id = $1`, [row.id])).rejects.toThrow(
      /append-only/,
    );
    const [fix] = await evidence.append([
      {
        volunteerId,
        competencyId: 'PEER.2',
        source: 'observation',
        level: 'proficient',
        correctsId: row.id,
        note: 'level corrected',
      },
    ]);
    const rows = await evidence.forVolunteer(volunteerId, 'PEER.2');
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining([row.id, fix.id]));
    expect(rows.find((r) => r.id === row.id)!.level).toBe('developing');
  });
});

describe('the audit log', () => {
  it('chains every entry to the one before and detects tampering', async () => {
    await t.db.transaction(async (m) => {
      await audit.append(m, {
        organizationId: null,
        actor: `user:${volunteerId}`,
        action: 'test.first',
        subject: 'test:1',
        details: { b: 2, a: 1 },
      });
      await audit.append(m, {
        organizationId: null,
        actor: 'system',
        action: 'test.second',
        subject: 'test:2',
      });
    });
    expect(await audit.verifyChain()).toMatchObject({ intact: true });
    await expect(
      t.db.query(`UPDATE audit_log SET action = 'test.changed' WHERE action = 'test.first'`),
    ).rejects.toThrow(/append-only/);

    // Someone with the power to bypass the trigger still cannot change history unnoticed.
    const tamper = (details: string) =>
      t.db.transaction(async (m) => {
        await m.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
        await m.query(`UPDATE audit_log SET details = $1 WHERE action = 'test.first'`, [details]);
        await m.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
      });
    await tamper('{"a":9}');
    const check = await audit.verifyChain();
    expect(check.intact).toBe(false);
    const [first] = await t.db.query(`SELECT seq FROM audit_log WHERE action = 'test.first'`);
    expect(String(check.brokenAt)).toBe(String(first.seq));

    // Put history back: the test database is shared by every suite of the run.
    await tamper('{"a":1,"b":2}');
    expect(await audit.verifyChain()).toMatchObject({ intact: true });
  });

  it('rolls back with the transaction it belongs to, leaving no gap in the chain', async () => {
    const before = (await audit.verifyChain()).entries;
    await expect(
      t.db.transaction(async (m) => {
        await audit.append(m, {
          organizationId: null,
          actor: 'system',
          action: 'test.rolled-back',
          subject: 'test:3',
        });
        throw new Error('issuance failed halfway');
      }),
    ).rejects.toThrow('halfway');
    await t.db.transaction((m) =>
      audit.append(m, {
        organizationId: null,
        actor: 'system',
        action: 'test.after',
        subject: 'test:4',
      }),
    );
    expect(await audit.verifyChain()).toMatchObject({ intact: true, entries: before + 1 });
  });
});
