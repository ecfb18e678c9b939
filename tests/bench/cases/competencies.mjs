// Supervisor cohort matrix and volunteer competency map on a generated data set (PERFORMANCE.md target:
// 100,000 volunteers, 2,000 supervisors, 5,000,000 evidence rows, p95 ≤ 100 ms each). The default here is
// scaled down (BENCH_COMP_VOLUNTEERS, default 10,000, keeping the target's 50 volunteers per supervisor and
// 50 evidence rows per volunteer) so the run fits a shared 2-core machine; the report row says the scale used.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, load, root, spawnServer, stop } from '../lib.mjs';

export const name = 'Competencies: cohort matrix and volunteer map';
const VOLUNTEERS = Number(process.env.BENCH_COMP_VOLUNTEERS ?? 10_000);
const PER_SUPERVISOR = 50;
const EVIDENCE_PER_VOLUNTEER = 50;

async function generate(client) {
  const supervisors = Math.ceil(VOLUNTEERS / PER_SUPERVISOR);
  await client.query(`
    CREATE TEMP TABLE bench_params AS SELECT (SELECT password_hash FROM users WHERE email = 'jordan@kindred.demo') AS hash,
      (SELECT id FROM organizations WHERE slug = 'riverside-peer-network') AS org,
      ARRAY['PEER.1','PEER.2','PEER.3','PEER.4','DEESC.1','DEESC.2','DEESC.3','DEESC.4','DEESC.5','DEESC.6','TIC.1','TIC.2','TIC.3','TIC.4','TIC.5','CH.1','CH.2','CH.3','CH.4','CH.5'] AS comps`);
  await client.query(
    `INSERT INTO users (email, name, password_hash) SELECT 'bench.s' || i || '@bench.test', 'Supervisor ' || i, hash FROM bench_params, generate_series(1, $1) i`,
    [supervisors],
  );
  await client.query(
    `INSERT INTO users (email, name, password_hash) SELECT 'bench.v' || i || '@bench.test', 'Volunteer ' || i, hash FROM bench_params, generate_series(1, $1) i`,
    [VOLUNTEERS],
  );
  await client.query(
    `INSERT INTO memberships (user_id, organization_id, role) SELECT u.id, p.org, CASE WHEN u.email LIKE 'bench.s%' THEN 'supervisor' ELSE 'volunteer' END FROM users u, bench_params p WHERE u.email LIKE 'bench.%'`,
  );
  await client.query(
    `
    INSERT INTO supervisor_assignments (organization_id, supervisor_id, volunteer_id)
    SELECT p.org, s.id, v.id FROM bench_params p, generate_series(1, $1) i
      JOIN users v ON v.email = 'bench.v' || i || '@bench.test'
      JOIN users s ON s.email = 'bench.s' || ((i - 1) / ${PER_SUPERVISOR} + 1) || '@bench.test'`,
    [VOLUNTEERS],
  );
  await client.query(`
    INSERT INTO evidence (volunteer_id, competency_id, source, grade, created_at)
    SELECT v.id, p.comps[1 + (j % 20)], (ARRAY['knowledge_check','drill','module'])[1 + (j % 3)], round(random()::numeric, 2), now() - (j || ' days')::interval
      FROM bench_params p, users v, generate_series(1, ${EVIDENCE_PER_VOLUNTEER}) j WHERE v.email LIKE 'bench.v%'`);
  await client.query(`
    INSERT INTO competency_ratings (volunteer_id, competency_id, level, status, valid_until, signed_off_at)
    SELECT v.id, c, (ARRAY['not-yet','developing','proficient','exemplary'])[1 + floor(random() * 4)::int], 'current',
           CASE WHEN random() < 0.4 THEN now() + (floor(random() * 700) || ' days')::interval END, NULL
      FROM bench_params p, users v, unnest(p.comps) c WHERE v.email LIKE 'bench.v%'`);
  await client.query('ANALYZE');
  const [{ size }] = (
    await client.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`)
  ).rows;
  const [{ n }] = (await client.query(`SELECT count(*)::int AS n FROM evidence`)).rows;
  return { supervisors, evidence: n, size };
}

async function session(origin, email) {
  const res = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'kindred-demo-password' }),
  });
  if (!res.ok) throw new Error(`sign-in as ${email}: ${res.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

export async function run(ctx) {
  const requireApi = createRequire(join(root, 'api', 'package.json'));
  const pg = requireApi('pg');
  const { startEmbeddedPostgres } = await import(
    join(root, 'api', 'dist', 'database', 'embedded.js')
  );
  const { migrate } = await import(join(root, 'api', 'dist', 'database', 'data-source.js'));
  const { seed } = await import(join(root, 'api', 'dist', 'seed', 'seed.js'));
  const { DataSource } = requireApi('typeorm');
  const { dataSourceOptions } = await import(
    join(root, 'api', 'dist', 'database', 'data-source.js')
  );

  const dataDir = mkdtempSync(join(tmpdir(), 'kindred-bench-comp-'));
  chmodSync(dataDir, 0o755);
  const db = await startEmbeddedPostgres(dataDir);
  let server;
  try {
    await migrate(db.url);
    const ds = new DataSource(dataSourceOptions(db.url));
    await ds.initialize();
    await seed(ds);
    await ds.destroy();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const t0 = performance.now();
    const data = await generate(client);
    const genSeconds = ((performance.now() - t0) / 1000).toFixed(0);
    await client.end();

    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    server = await spawnServer(
      join(root, 'api', 'dist', 'main.js'),
      {
        PORT: String(port),
        DATABASE_URL: db.url,
        KINDRED_DATA_DIR: dataDir,
        KINDRED_SEED: 'false',
        LOGIN_RATE_LIMIT: '100000',
      },
      `${origin}/api/health`,
    );
    const supervisorCookie = await session(
      origin,
      `bench.s${Math.ceil(data.supervisors / 2)}@bench.test`,
    );
    const volunteerCookie = await session(origin, `bench.v${Math.ceil(VOLUNTEERS / 2)}@bench.test`);
    const scale = `${VOLUNTEERS.toLocaleString('en')} volunteers, ${data.supervisors.toLocaleString('en')} supervisors, ${data.evidence.toLocaleString('en')} evidence rows, ${data.size} on disk (generated in ${genSeconds} s)`;
    for (const [what, path, cookie] of [
      [
        'supervisor cohort matrix GET /api/supervision/cohort (50 volunteers × 20)',
        '/api/supervision/cohort',
        supervisorCookie,
      ],
      [
        'volunteer competency map GET /api/me/competencies',
        '/api/me/competencies',
        volunteerCookie,
      ],
    ]) {
      const r = await load(`${origin}${path}`, { connections: 10, headers: { cookie } });
      ctx.row({
        what: `${what}; ${scale}${VOLUNTEERS < 100_000 ? ' — SCALED DOWN from the 100,000 / 5,000,000 target' : ''}`,
        figure: `p95 ${r.p95} ms, ${r.rps.toFixed(0)} req/s, ${r.errors} errors`,
        baseline: `${ctx.baseline.http?.rps?.toFixed(0) ?? '—'} req/s bare node:http`,
        ratio: ctx.baseline.http ? (r.rps / ctx.baseline.http.rps).toFixed(3) : '—',
        target: 'p95 ≤ 100 ms',
        holds: r.p95 <= 100 && r.errors === 0,
      });
    }
  } finally {
    if (server) await stop(server);
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
