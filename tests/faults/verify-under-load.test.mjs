// Verification under load: 50 concurrent clients verify a set of credentials for 30 s (by id, and by
// posting the document) while a coordinator revokes some of them. No error answers at all, and every
// answer that started after a revocation was confirmed says "revoked".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { portOf, session, sleep, startApp } from './support.mjs';

const CLIENTS = 50;
const SECONDS = Number(process.env.FAULTS_LOAD_SECONDS ?? 30);
const CREDENTIALS = 20;
const REVOKED = 10;

test(
  `${CLIENTS} clients verify for ${SECONDS} s while a coordinator revokes: no errors, every later answer says revoked`,
  { timeout: 240_000 },
  async () => {
    const app = await startApp({
      port: await portOf(0),
      env: { KINDRED_SEED: 'true', VERIFY_RATE_LIMIT: '1000000' },
    });
    try {
      const coordinator = await session(app.origin, 'coordinator@kindred.demo');
      const orgId = (await coordinator.ok('GET', '/api/auth/session')).user.memberships.find(
        (m) => m.role === 'coordinator',
      ).organizationId;
      // Credentials issued for the run through the service route (an API client's bearer token).
      const client = await coordinator.ok('POST', `/api/organizations/${orgId}/api-clients`, {
        name: 'Load test HR system',
      });
      const issuers = await (await fetch(`${app.origin}/api/issuers`)).json();
      const did = issuers
        .find((i) => i.organizationId === orgId)
        .keys.find((k) => !k.retiredAt).did;
      const credentials = [];
      for (let i = 0; i < CREDENTIALS; i++) {
        const res = await fetch(`${app.origin}/api/credentials/issue`, {
          method: 'POST',
          headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            credential: {
              '@context': ['https://www.w3.org/ns/credentials/v2'],
              type: ['VerifiableCredential'],
              issuer: did,
              validFrom: new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z'),
              credentialSubject: { id: `did:example:volunteer-${i}` },
            },
          }),
        });
        assert.equal(res.status, 201);
        const vc = (await res.json()).verifiableCredential;
        credentials.push({
          id: vc.id.replace(/^urn:uuid:/, ''),
          vc,
          body: JSON.stringify({ verifiableCredential: vc }),
        });
      }

      // Each one verifies as valid before the run (and the server's verification caches are warm).
      for (const c of credentials) {
        assert.equal(
          (await (await fetch(`${app.origin}/api/credentials/${c.id}/verification`)).json())
            .verdict,
          'valid',
        );
        const posted = await fetch(`${app.origin}/api/credentials/verify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: c.body,
        });
        assert.equal(posted.status, 200);
      }

      const answers = []; // { c, start, end, status, verdict, how }
      const revocations = new Map(); // credential index → { sentAt, answeredAt }
      const t0 = performance.now();
      const deadline = t0 + SECONDS * 1000;
      let n = 0;
      const verifier = async () => {
        while (performance.now() < deadline) {
          const c = n++ % CREDENTIALS;
          const how = n % 4 === 0 ? 'post' : 'get';
          const start = performance.now();
          let status = 0;
          let verdict;
          try {
            const res =
              how === 'get'
                ? await fetch(`${app.origin}/api/credentials/${credentials[c].id}/verification`)
                : await fetch(`${app.origin}/api/credentials/verify`, {
                    method: 'POST',
                    headers: { 'content-type': 'application/json' },
                    body: credentials[c].body,
                  });
            status = res.status;
            verdict = (await res.json()).verdict;
          } catch (e) {
            verdict = `connection error: ${e.cause?.code ?? e.message}`;
          }
          answers.push({ c, start, end: performance.now(), status, verdict, how });
        }
      };
      const revoker = async () => {
        // The first REVOKED credentials, spread over the first 60% of the run: the rest is for answers after them.
        const every = (SECONDS * 1000 * 0.6) / REVOKED;
        for (let c = 0; c < REVOKED; c++) {
          await sleep(Math.max(0, t0 + 1000 + every * c - performance.now()));
          const sentAt = performance.now();
          const res = await coordinator.post(`/api/certificates/${credentials[c].id}/revoke`, {
            reason: `Load test revocation ${c}`,
            category: 'other',
          });
          assert.equal(res.status, 200, `revoke ${c}: ${res.status} ${JSON.stringify(res.body)}`);
          assert.equal(res.body.state, 'revoked');
          revocations.set(c, { sentAt, answeredAt: performance.now() });
        }
      };
      await Promise.all([revoker(), ...Array.from({ length: CLIENTS }, verifier)]);

      const seconds = (performance.now() - t0) / 1000;
      console.log(
        `${answers.length} verifications in ${seconds.toFixed(1)} s (${Math.round(answers.length / seconds)}/s) by ${CLIENTS} clients, ${revocations.size} revocations`,
      );
      assert.ok(
        answers.length >= 20 * CREDENTIALS,
        `enough load to mean something (${answers.length} answers)`,
      );

      // No error answers: by id always 200 with a verdict; by document 200 when valid, 400 (with the verdict) when not.
      const errors = answers.filter(
        (a) =>
          !(a.how === 'get' ? a.status === 200 : a.status === 200 || a.status === 400) ||
          typeof a.verdict !== 'string' ||
          a.verdict.startsWith('connection'),
      );
      assert.deepEqual(
        errors.slice(0, 10).map((a) => `${a.how} ${a.status} ${a.verdict}`),
        [],
        `${errors.length} error answers`,
      );

      let laterTotal = 0;
      let revokedSeenLater = 0;
      for (let c = 0; c < CREDENTIALS; c++) {
        const mine = answers.filter((a) => a.c === c);
        const r = revocations.get(c);
        if (!r) {
          assert.ok(
            mine.every((a) => a.verdict === 'valid' && a.status === 200),
            `credential ${c} (never revoked) always verified valid`,
          );
          continue;
        }
        const later = mine.filter((a) => a.start > r.answeredAt);
        const earlier = mine.filter((a) => a.end < r.sentAt);
        assert.ok(earlier.length >= 1, `credential ${c} was verified before its revocation`);
        laterTotal += later.length;
        if (later.length) revokedSeenLater++;
        assert.deepEqual(
          [...new Set(later.map((a) => a.verdict))].filter((v) => v !== 'revoked'),
          [],
          `every answer started after revocation ${c} was confirmed says revoked`,
        );
        assert.ok(
          later.filter((a) => a.how === 'post').every((a) => a.status === 400),
          'posting a revoked credential answers 400',
        );
        assert.deepEqual(
          [...new Set(earlier.map((a) => a.verdict))],
          ['valid'],
          `answers finished before revocation ${c} was sent say valid`,
        );
      }
      // On a busy machine a late revocation may see few answers after it; together they must be plenty.
      console.log(
        `${laterTotal} answers started after a revocation was confirmed, covering ${revokedSeenLater} of ${REVOKED} revoked credentials`,
      );
      assert.ok(
        laterTotal >= 3 * REVOKED && revokedSeenLater >= REVOKED / 2,
        `enough answers after revocations (${laterTotal}, ${revokedSeenLater} credentials)`,
      );
      // And once the load is over: every revoked one says revoked, every other one valid.
      for (let c = 0; c < CREDENTIALS; c++) {
        const verdict = (
          await (
            await fetch(`${app.origin}/api/credentials/${credentials[c].id}/verification`)
          ).json()
        ).verdict;
        assert.equal(verdict, c < REVOKED ? 'revoked' : 'valid', `credential ${c} after the run`);
      }
    } finally {
      await app.close();
    }
  },
);
