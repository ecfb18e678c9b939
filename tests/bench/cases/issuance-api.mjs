// Batch issuance through the API as a university approves it ("approve all"), then every PDF downloaded: the real
// path (status indexes, endorsement, signature, row and audit line in one transaction each), not the library alone.
import { connectDb, session } from '../../faults/support.mjs';
import { startApp } from '../lib.mjs';

export const name = 'Batch issuance through the API';
const PROGRAM = 'accredited-peer-supporter';

/** `count` volunteers of the demo program, written straight into the database (the set-up is not measured). */
async function volunteers(app, count) {
  const db = await connectDb(app.dataDir);
  try {
    const { rows } = await db.query(
      `WITH made AS (
         INSERT INTO users (email, name, password_hash)
         SELECT 'bench-' || g || '@example.org', 'Bench Volunteer ' || g, (SELECT password_hash FROM users WHERE email = 'jordan@kindred.demo')
           FROM generate_series(1, $1) g
         RETURNING id)
       INSERT INTO memberships (user_id, organization_id, role)
       SELECT made.id, o.id, 'volunteer' FROM made, organizations o WHERE o.slug = 'riverside-peer-network'
       RETURNING user_id, organization_id`,
      [count],
    );
    return { holders: rows.map((r) => r.user_id), orgId: rows[0].organization_id };
  } finally {
    await db.end();
  }
}

async function eachLimited(items, limit, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

async function measure(total, threads) {
  const app = await startApp({ env: { KINDRED_SIGNING_THREADS: String(threads) } });
  try {
    const { holders, orgId } = await volunteers(app, total);
    const coordinator = await session(app.origin, 'coordinator@kindred.demo');
    const requestIds = [];
    await eachLimited(holders, 8, async (holderUserId) => {
      const r = await coordinator.ok('POST', `/api/organizations/${orgId}/certificates`, {
        holderUserId,
        program: PROGRAM,
        reason: 'Benchmark fixture',
      });
      requestIds.push(r.requestId);
    });
    const staff = await session(app.origin, 'staff@riverside-university.demo');
    const credentialIds = [];
    const t0 = performance.now();
    for (let i = 0; i < requestIds.length; i += 500) {
      const approved = await staff.ok('POST', '/api/certificates/pending/approve', {
        requestIds: requestIds.slice(i, i + 500),
      });
      credentialIds.push(...approved.map((a) => a.credentialId));
    }
    const approveMs = performance.now() - t0;
    if (credentialIds.length !== total)
      throw new Error(`approved ${credentialIds.length} of ${total}`);
    const t1 = performance.now();
    let bytes = 0;
    await eachLimited(credentialIds, 4, async (id) => {
      const res = await fetch(`${app.origin}/api/credentials/${encodeURIComponent(id)}/pdf`);
      if (!res.ok) throw new Error(`PDF of ${id}: ${res.status}`);
      bytes += (await res.arrayBuffer()).byteLength;
    });
    const pdfMs = performance.now() - t1;
    return {
      approve: (total * 1000) / approveMs,
      pdf: (total * 1000) / pdfMs,
      both: (total * 1000) / (approveMs + pdfMs),
      kb: bytes / total / 1024,
    };
  } finally {
    await app.close();
  }
}

export async function run(ctx) {
  const total = Number(process.env.BENCH_BATCH ?? 1000);
  const oneThread = await measure(total, 0);
  const pool = await measure(total, 2);
  ctx.row({
    what: `university approves ${total} co-issued certificates (endorsement + signature + row + audit), main thread only (baseline)`,
    figure: `${oneThread.approve.toFixed(0)} /s`,
    baseline: '—',
    ratio: '1.00',
    target: '—',
  });
  ctx.row({
    what: `the same with 2 signing threads (KINDRED_SIGNING_THREADS=2)`,
    figure: `${pool.approve.toFixed(0)} /s`,
    baseline: `${oneThread.approve.toFixed(0)} /s`,
    ratio: (pool.approve / oneThread.approve).toFixed(2),
    target: 'informational',
  });
  ctx.row({
    what: `then each PDF downloaded (${pool.kb.toFixed(0)} KB each, rendered in the signing threads), 4 at a time`,
    figure: `${pool.pdf.toFixed(0)} /s`,
    baseline: `${oneThread.pdf.toFixed(0)} /s (main thread)`,
    ratio: (pool.pdf / oneThread.pdf).toFixed(2),
    target: 'informational',
  });
  ctx.row({
    what: `issuance through the API, sign + PDF, ${total} certificates (approval time + download time)`,
    figure: `${pool.both.toFixed(0)} /s`,
    baseline: `${oneThread.both.toFixed(0)} /s (main thread)`,
    ratio: (pool.both / oneThread.both).toFixed(2),
    target: '≥ 100 /s',
    holds: pool.both >= 100,
  });
}
