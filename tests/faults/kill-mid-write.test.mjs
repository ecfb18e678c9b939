// SIGKILL the app in the middle of a batch issuance and in the middle of sign-offs, restart it on the same
// data, and prove nothing was half-written (each credential and each sign-off is all there or not at all),
// nothing committed was lost, and the audit chain still verifies.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { auditChain, connectDb, portOf, session, sleep, startApp } from './support.mjs';

const PROGRAM = 'accredited-peer-supporter'; // co-issued: each approval signs and endorses one credential
let app;
let port;

before(async () => {
  port = await portOf(1);
  app = await startApp({ port, env: { KINDRED_SEED: 'true' } });
});
after(async () => {
  await app?.close({ keepData: false });
});

/** Polls `probe` until it returns true, then SIGKILLs the app at once. */
async function killWhen(probe, { timeoutMs = 120_000, what }) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) {
      await app.kill();
      return;
    }
    await sleep(10);
  }
  throw new Error(`never reached the moment to kill: ${what}`);
}

/** The app is gone; its PostgreSQL (now an orphan) has rolled back what was open. What is committed, counted. */
async function snapshot(db) {
  const { rows } = await db.query(`SELECT
      (SELECT count(*) FROM credentials)::int AS credentials,
      (SELECT count(*) FROM certificate_requests WHERE status = 'approved')::int AS approved,
      (SELECT count(*) FROM certificate_requests WHERE status = 'pending')::int AS pending,
      (SELECT count(*) FROM signoff_requests WHERE status = 'signed_off')::int AS signed_off,
      (SELECT count(*) FROM signoff_requests WHERE status = 'open')::int AS open,
      (SELECT count(*) FROM evidence)::int AS evidence,
      (SELECT count(*) FROM competency_ratings)::int AS ratings,
      (SELECT count(*) FROM audit_log)::int AS audit,
      (SELECT max(seq) FROM audit_log)::int AS audit_last`);
  return rows[0];
}

/** Kills nothing itself: restarts the app on the same data directory and port (its start stops the orphaned PostgreSQL first). */
async function restart() {
  app = await startApp({ port, dataDir: app.dataDir, env: { KINDRED_SEED: 'true' } });
}

/** Every credential is whole: both status indexes, exactly one issue line in the audit log; co-issued ones belong to exactly one approved request. */
async function assertCredentialsWhole(db) {
  const q = async (sql) => (await db.query(sql)).rows;
  assert.deepEqual(
    await q(
      `SELECT id FROM credentials WHERE revocation_list_id IS NULL OR revocation_index IS NULL OR suspension_list_id IS NULL OR suspension_index IS NULL`,
    ),
    [],
    'every credential has its status-list indexes',
  );
  assert.deepEqual(
    await q(
      `SELECT c.id, count(a.seq)::int AS lines FROM credentials c LEFT JOIN audit_log a ON a.action = 'credential.issue' AND a.subject = 'urn:uuid:' || c.id GROUP BY c.id HAVING count(a.seq) <> 1`,
    ),
    [],
    'every credential has exactly one audit line',
  );
  assert.deepEqual(
    await q(
      `SELECT a.subject FROM audit_log a WHERE a.action = 'credential.issue' AND NOT EXISTS (SELECT 1 FROM credentials c WHERE 'urn:uuid:' || c.id = a.subject)`,
    ),
    [],
    'no audit line for a credential that is not there',
  );
  assert.deepEqual(
    await q(`SELECT r.id FROM certificate_requests r LEFT JOIN credentials c ON c.id = r.credential_id
             WHERE r.status = 'approved' AND (c.id IS NULL OR c.holder_user_id <> r.holder_user_id OR c.program_slug <> r.program_slug)`),
    [],
    'every approved request has its credential',
  );
  assert.deepEqual(
    await q(
      `SELECT credential_id FROM certificate_requests WHERE credential_id IS NOT NULL GROUP BY credential_id HAVING count(*) > 1`,
    ),
    [],
    'no credential serves two requests',
  );
  assert.deepEqual(
    await q(
      `SELECT id FROM certificate_requests WHERE status <> 'approved' AND credential_id IS NOT NULL`,
    ),
    [],
    'no undecided request points at a credential',
  );
  assert.deepEqual(
    await q(`SELECT c.id FROM credentials c WHERE c.co_issuer_organization_id IS NOT NULL
             AND (SELECT count(*) FROM certificate_requests r WHERE r.credential_id = c.id AND r.status = 'approved') <> 1`),
    [],
    'no co-issued credential without its approved request',
  );
}

test(
  'SIGKILL in the middle of a university batch approval: each credential is whole or absent, none lost',
  { timeout: 300_000 },
  async () => {
    const coordinator = await session(app.origin, 'coordinator@kindred.demo');
    const orgId = (await coordinator.ok('GET', '/api/auth/session')).user.memberships.find(
      (m) => m.role === 'coordinator',
    ).organizationId;
    // Volunteers to certify: the five of the demo seed and fifteen invited through the API.
    const holders = [];
    for (const email of ['jordan', 'priya', 'sam', 'aisha', 'tomas'].map(
      (n) => `${n}@kindred.demo`,
    )) {
      holders.push(
        (await (await session(app.origin, email)).ok('GET', '/api/auth/session')).user.id,
      );
    }
    for (let i = 0; i < 15; i++) {
      const invite = await coordinator.ok('POST', '/api/invites', {
        email: `batch-${i}@example.org`,
        name: `Batch Volunteer ${i}`,
        role: 'volunteer',
        organizationId: orgId,
      });
      const token = invite.link.split('/invite/')[1];
      const res = await fetch(`${app.origin}/api/invites/${token}/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ password: 'batch-volunteer-password' }),
      });
      assert.equal(res.status, 200);
      holders.push((await res.json()).user.id);
    }
    const requestIds = [];
    for (const holderUserId of holders) {
      const r = await coordinator.ok('POST', `/api/organizations/${orgId}/certificates`, {
        holderUserId,
        program: PROGRAM,
        reason: 'Fault test fixture',
      });
      assert.equal(r.state, 'pending');
      requestIds.push(r.requestId);
    }

    const db = await connectDb(app.dataDir);
    let before;
    try {
      const staff = await session(app.origin, 'staff@riverside-university.demo');
      const approved = async () =>
        (
          await db.query(
            `SELECT count(*)::int AS n FROM certificate_requests WHERE id = ANY($1) AND status = 'approved'`,
            [requestIds],
          )
        ).rows[0].n;
      let answered = false;
      const batch = staff.post('/api/certificates/pending/approve', { requestIds }).then(
        () => (answered = true),
        () => undefined, // the connection dies with the app
      );
      let atKill = 0;
      await killWhen(
        async () => {
          atKill = await approved();
          assert.ok(
            !answered && atKill < requestIds.length,
            'the batch finished before the kill; it must land midway',
          );
          return atKill >= 3;
        },
        { what: 'three approvals committed' },
      );
      await batch;
      assert.equal(answered, false, 'the batch never answered');
      await sleep(1000); // the orphaned PostgreSQL ends the dead connections' transactions
      before = await snapshot(db);
      console.log(
        `killed after ${atKill} of ${requestIds.length} approvals; committed: ${JSON.stringify(before)}`,
      );
    } finally {
      await db.end();
    }

    await restart();
    const db2 = await connectDb(app.dataDir);
    try {
      const afterRestart = await snapshot(db2);
      assert.deepEqual(afterRestart, before, 'nothing committed was lost over the restart');
      const states = (
        await db2.query(
          `SELECT status, count(*)::int AS n FROM certificate_requests WHERE id = ANY($1) GROUP BY status`,
          [requestIds],
        )
      ).rows;
      const count = (s) => states.find((r) => r.status === s)?.n ?? 0;
      assert.ok(
        count('approved') >= 3 &&
          count('pending') >= 1 &&
          count('approved') + count('pending') === requestIds.length,
        `the kill landed midway: ${JSON.stringify(states)}`,
      );
      await assertCredentialsWhole(db2);
      assert.deepEqual(
        await auditChain(app.origin),
        { intact: true, entries: afterRestart.audit },
        'the audit chain verifies',
      );

      // The rest of the batch goes through after the restart: no lock or half state was left behind.
      const pending = (
        await db2.query(
          `SELECT id FROM certificate_requests WHERE id = ANY($1) AND status = 'pending'`,
          [requestIds],
        )
      ).rows.map((r) => r.id);
      const staff = await session(app.origin, 'staff@riverside-university.demo');
      const rest = await staff.ok('POST', '/api/certificates/pending/approve', {
        requestIds: pending,
      });
      assert.equal(rest.length, pending.length);
      await assertCredentialsWhole(db2);
      const final = await snapshot(db2);
      assert.equal(final.credentials, before.credentials + pending.length);
      assert.equal((await auditChain(app.origin)).intact, true);
    } finally {
      await db2.end();
    }
  },
);

test(
  'SIGKILL while a supervisor signs off: each sign-off has decision, evidence, rating and audit line, or none of them',
  { timeout: 300_000 },
  async () => {
    // Open sign-off requests: Ana's cohort asks for every competency.
    for (const name of ['jordan', 'priya', 'sam']) {
      const volunteer = await session(app.origin, `${name}@kindred.demo`);
      const map = await volunteer.ok('GET', '/api/me/competencies');
      for (const c of map) {
        if (c.request?.status === 'open') continue;
        const res = await volunteer.post(
          `/api/me/competencies/${encodeURIComponent(c.competencyId)}/signoff-requests`,
          { reflection: 'Ready for a sign-off.' },
        );
        assert.ok(
          res.status === 201 || res.status === 409,
          `request ${c.competencyId}: ${res.status}`,
        );
      }
    }
    const ana = await session(app.origin, 'supervisor.ana@kindred.demo');
    const queue = await ana.ok('GET', '/api/supervision/queue');
    assert.ok(queue.length >= 30, `a long queue to sign off (${queue.length})`);
    const decisions = [];
    for (const item of queue) {
      const review = await ana.ok('GET', `/api/supervision/requests/${item.id}`);
      decisions.push({
        id: item.id,
        body: {
          decision: 'sign_off',
          level: 'proficient',
          scores: Object.fromEntries(review.rubric.map((r) => [r.id, 'proficient'])),
          comment: 'Observed on shift; safe and steady.',
        },
      });
    }
    const ids = decisions.map((d) => d.id);

    const db = await connectDb(app.dataDir);
    let before;
    const acknowledged = [];
    let inFlightAtKill = 0;
    try {
      const signedOff = async () =>
        (
          await db.query(
            `SELECT count(*)::int AS n FROM signoff_requests WHERE id = ANY($1) AND status = 'signed_off'`,
            [ids],
          )
        ).rows[0].n;
      // Two browser tabs working through the queue.
      let next = 0;
      let inFlight = 0;
      let killed = false;
      const worker = async () => {
        while (!killed && next < decisions.length) {
          const d = decisions[next++];
          inFlight++;
          try {
            const res = await ana.post(`/api/supervision/requests/${d.id}/decision`, d.body);
            if (res.status === 200 || res.status === 201) acknowledged.push(d.id);
            else if (!killed)
              throw new Error(`decision ${d.id}: ${res.status} ${JSON.stringify(res.body)}`);
          } catch (e) {
            if (!killed) throw e;
          } finally {
            inFlight--;
          }
        }
      };
      const workers = Promise.all([worker(), worker()]);
      let atKill = 0;
      await killWhen(
        async () => {
          atKill = await signedOff();
          assert.ok(
            atKill < ids.length,
            'all sign-offs finished before the kill; it must land midway',
          );
          if (atKill >= 5) {
            inFlightAtKill = inFlight;
            killed = true;
            return true;
          }
          return false;
        },
        { what: 'five sign-offs committed' },
      );
      await workers;
      await sleep(1000);
      before = await snapshot(db);
      console.log(
        `killed after ${atKill} of ${ids.length} sign-offs with ${inFlightAtKill} in flight; committed: ${JSON.stringify(before)}`,
      );
      assert.ok(inFlightAtKill >= 1, 'a sign-off was in flight when the app died');
    } finally {
      await db.end();
    }

    await restart();
    const db2 = await connectDb(app.dataDir);
    try {
      assert.deepEqual(await snapshot(db2), before, 'nothing committed was lost over the restart');
      const rows = (
        await db2.query(
          `SELECT r.id, r.status, r.level, r.scores IS NOT NULL AS scored, r.observation_evidence_id,
                (SELECT count(*) FROM evidence e WHERE e.source = 'observation' AND e.source_ref = 'signoff:' || r.id)::int AS evidence,
                (SELECT count(*) FROM audit_log a WHERE a.subject = 'signoff_request:' || r.id AND a.action = 'competency.signed_off')::int AS audit,
                (SELECT count(*) FROM competency_ratings g WHERE g.volunteer_id = r.volunteer_id AND g.competency_id = r.competency_id
                   AND r.observation_evidence_id = ANY(g.evidence_ids))::int AS rating
           FROM signoff_requests r WHERE r.id = ANY($1)`,
          [ids],
        )
      ).rows;
      const whole = rows.filter(
        (r) =>
          r.status === 'signed_off' &&
          r.scored &&
          r.level === 'proficient' &&
          r.observation_evidence_id &&
          r.evidence === 1 &&
          r.audit === 1 &&
          r.rating === 1,
      );
      const untouched = rows.filter(
        (r) =>
          r.status === 'open' &&
          !r.scored &&
          !r.observation_evidence_id &&
          r.evidence === 0 &&
          r.audit === 0,
      );
      const half = rows.filter((r) => !whole.includes(r) && !untouched.includes(r));
      assert.deepEqual(half, [], 'no sign-off is half-written');
      assert.ok(
        whole.length >= 5 && untouched.length >= 1,
        `the kill landed midway (${whole.length} signed off, ${untouched.length} open)`,
      );
      for (const id of acknowledged)
        assert.ok(
          whole.some((r) => r.id === id),
          `acknowledged sign-off ${id} is kept`,
        );
      assert.deepEqual(
        await auditChain(app.origin),
        { intact: true, entries: before.audit },
        'the audit chain verifies',
      );
      assert.equal(before.audit, before.audit_last, 'no gap in the audit sequence');

      // The open ones can be signed off after the restart.
      const again = await session(app.origin, 'supervisor.ana@kindred.demo');
      const d = decisions.find((x) => untouched.some((r) => r.id === x.id));
      assert.equal(
        (await again.post(`/api/supervision/requests/${d.id}/decision`, d.body)).status < 300,
        true,
      );
    } finally {
      await db2.end();
    }
  },
);
