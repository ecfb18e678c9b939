// Issue 22: a revoked certificate says when, by whom and in which public reason category — from Kindred's
// own records (the status list only says "revoked") — and never the coordinator's free-text reason.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliIo } from '@kindred/certificates/cli';
import { createTestApp, type Agent, type TestApp } from './support/app.js';
import { changeStatus, issueProgram, people, userId } from './support/certificates.js';

let t: TestApp;
let coordinator: Agent, volunteer: Agent;
let orgId: string;
let id: string;
let signed: Record<string, any>;
let orgName: string;

const PRIVATE = 'Complaint from a caller about a home visit (private)';

beforeAll(async () => {
  t = await createTestApp();
  ({ coordinator, volunteer, orgId } = await people(t));
  const jordan = await userId(t, 'jordan@kindred.demo');
  id = (await issueProgram(coordinator, orgId, jordan, 'foundations').expect(201)).body.id;
  signed = (await t.http().get(`/api/credentials/${id}`).expect(200)).body;
  [{ name: orgName }] = await t.db.query('SELECT name FROM organizations WHERE id = $1', [orgId]);
});
afterAll(() => t.close());

describe('revocation: when, by whom, the public category; the reason stays private', () => {
  it('a coordinator must choose a public reason category from the fixed list (400 naming the field)', async () => {
    const none = await changeStatus(coordinator, id, 'revoke', PRIVATE, null).expect(400);
    expect(none.body.details.map((d: { field: string }) => d.field)).toEqual(['category']);
    const both = await changeStatus(coordinator, id, 'revoke', undefined, null).expect(400);
    expect(both.body.details.map((d: { field: string }) => d.field)).toEqual([
      'reason',
      'category',
    ]);
    const bad = await changeStatus(coordinator, id, 'revoke', PRIVATE, 'conduct').expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/category must be one of issued_in_error/);
    // nothing was revoked by the refused attempts
    expect(
      (await t.http().get(`/api/credentials/${id}/verification`).expect(200)).body.verdict,
    ).toBe('valid');
  });

  it('revoked: /verify by id and by file say when and by which organization, with the category, no free text and no list URLs', async () => {
    const res = await changeStatus(coordinator, id, 'revoke', PRIVATE, 'holder_request').expect(
      200,
    );
    expect(res.body).toMatchObject({ state: 'revoked', stateReason: PRIVATE });
    const [row] = await t.db.query(
      'SELECT state_changed_at, revocation_category FROM credentials WHERE id = $1',
      [id],
    );
    expect(row.revocation_category).toBe('holder_request');
    const expected = {
      revokedAt: new Date(row.state_changed_at).toISOString(),
      revokedBy: orgName,
      category: 'holder_request',
    };
    const byId = (await t.http().get(`/api/credentials/${id}/verification`).expect(200)).body;
    const byFile = (
      await t
        .http()
        .post('/api/credentials/verify')
        .send({ verifiableCredential: signed })
        .expect(400)
    ).body;
    for (const v of [byId, byFile]) {
      expect(v.verdict).toBe('revoked');
      expect(v.revocation).toEqual(expected);
      expect(v.summary).toMatch(
        new RegExp(
          `^Revoked on ${expected.revokedAt.slice(0, 10)} by ${orgName} \\(reason: at the holder’s request\\)`,
        ),
      );
      const text = JSON.stringify(v);
      // no validity stated for a revoked certificate, not even in the dates check
      expect(text).not.toMatch(/valid (from|until)/i);
      expect(text).not.toContain('Complaint');
      expect(text).not.toContain('/api/status-lists/');
    }
    // The audit log keeps the free text and the category.
    const [audit] = await t.db.query(
      `SELECT details FROM audit_log WHERE subject = $1 AND action = 'credential.revoke'`,
      [signed.id],
    );
    expect(audit.details).toMatchObject({ reason: PRIVATE, category: 'holder_request' });
  });

  it('a file whose proof is not the one Kindred issued gets no revocation details', async () => {
    const tampered = { ...signed, name: 'Something else' };
    const v = (
      await t
        .http()
        .post('/api/credentials/verify')
        .send({ verifiableCredential: tampered })
        .expect(400)
    ).body;
    expect(v.verdict).toBe('tampered');
    expect(v.revocation ?? null).toBeNull();
  });

  it('the bulk CSV says it too, without the free text', async () => {
    const csv = (
      await t
        .http()
        .post('/api/credentials/verify/bulk')
        .send({ ids: [id] })
        .expect(200)
    ).text;
    expect(csv).toContain(`Revoked on `);
    expect(csv).toContain(`by ${orgName} (reason: at the holder’s request)`);
    expect(csv).not.toContain('Complaint');
  });

  it('the holder sees the revocation and its category, not the coordinator’s free text', async () => {
    const mine = (await volunteer.agent.get('/api/certificates/mine').expect(200)).body;
    const c = mine.find((x: { id: string }) => x.id === id);
    expect(c.revocation).toMatchObject({ revokedBy: orgName, category: 'holder_request' });
    expect(c.stateReason).toBeNull();
    expect(JSON.stringify(mine)).not.toContain('Complaint');
    // the coordinator still reads it
    const list = (
      await coordinator.agent.get(`/api/organizations/${orgId}/certificates`).expect(200)
    ).body.certificates;
    expect(list.find((x: { id: string }) => x.id === id)).toMatchObject({
      stateReason: PRIVATE,
      revocation: { category: 'holder_request' },
    });
  });

  it('`pnpm verify` online asks the issuer for its record: when, by whom, the category; no raw list URLs', async () => {
    const lines: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'kindred-cli-'));
    writeFileSync(join(dir, 'cert.json'), JSON.stringify(signed));
    const io: CliIo = {
      cwd: dir,
      out: (l) => lines.push(l),
      // the CLI's requests go to this app (the URLs in the certificate name its public origin)
      fetch: async (url, init) => {
        const path = new URL(url).pathname;
        const res = init
          ? await t.http().post(path).set(init.headers).send(init.body)
          : await t.http().get(path);
        return { ok: res.status < 300, status: res.status, json: async () => res.body };
      },
    };
    expect(await runCli(['cert.json'], io)).toBe(1);
    expect(lines[0]).toBe('Verdict: REVOKED');
    const [row] = await t.db.query('SELECT state_changed_at FROM credentials WHERE id = $1', [id]);
    const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(row.state_changed_at),
    );
    expect(lines[1]).toBe(`Revoked on ${day} by ${orgName}. Reason: at the holder’s request.`);
    const all = lines.join('\n');
    expect(all).not.toContain('Complaint');
    expect(all).not.toMatch(/https?:\/\//);
    expect(all).not.toMatch(/Valid until/i);
  });
});
