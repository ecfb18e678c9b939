// The nightly pathway sweep (PERFORMANCE.md: 100,000 volunteers ≤ 60 s, peak memory ≤ 1 GiB): derive every
// volunteer's stage and missing requirements from courses, drills, sign-offs, verified practice hours,
// supervision and approved CE, compare with the snapshots, audit the changes. Generated data set:
// BENCH_PATHWAY_VOLUNTEERS (default 100,000), each with about 60 fact rows, spread over all stages.
// Baseline (same run, same process): reading the same facts with the same queries, without evaluating or writing.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from '../lib.mjs';

export const name = 'Pathways: nightly stage sweep';
const VOLUNTEERS = Number(process.env.BENCH_PATHWAY_VOLUNTEERS ?? 100_000);

async function generate(client) {
  await client.query(`
    CREATE TEMP TABLE bp AS SELECT (SELECT id FROM organizations WHERE slug = 'riverside-peer-network') AS org,
      (SELECT id FROM users WHERE email = 'supervisor.ana@kindred.demo') AS sup`);
  await client.query(
    `INSERT INTO users (email, name) SELECT 'bench.p' || i || '@bench.test', 'Volunteer ' || i FROM generate_series(1, $1) i`,
    [VOLUNTEERS],
  );
  // joined between 3 years and 1 month ago; "k" spreads people over how far they got
  await client.query(`
    CREATE TEMP TABLE bv AS SELECT u.id,
      (now() - ((30 + (abs(hashtext(u.email)) % 1065)) || ' days')::interval) AS joined, abs(hashtext(u.email || 'k')) % 10 AS k
      FROM users u WHERE u.email LIKE 'bench.p%'`);
  await client.query(
    `INSERT INTO memberships (user_id, organization_id, role, created_at) SELECT v.id, bp.org, 'volunteer', v.joined FROM bv v, bp`,
  );
  await client.query(`
    INSERT INTO module_progress (user_id, module_id, module_version_id, status, started_at, updated_at, completed_at)
    SELECT v.id, m.id, m.current_version_id, 'completed', v.joined + interval '10 days', v.joined + interval '10 days', v.joined + (c.position * 7 + 10 || ' days')::interval
      FROM bv v JOIN courses c ON c.slug IN ('peer-roles', 'crisis-de-escalation') OR (c.slug = 'trauma-informed-care' AND v.k >= 3) OR (c.slug = 'cultural-humility' AND v.k >= 8)
      JOIN modules m ON m.course_id = c.id WHERE v.k >= 1`);
  await client.query(`
    INSERT INTO drill_attempts (volunteer_id, organization_id, drill_id, drill_hash, status, current_node, score, max_score, pass_score, passed, started_at, updated_at, finished_at)
    SELECT v.id, bp.org, d, 'h', 'finished', 'end', 8, 10, 6, true, v.joined + interval '20 days', v.joined + interval '20 days', v.joined + interval '20 days'
      FROM bv v, bp, unnest(ARRAY['deesc-library-01', 'deesc-bus-stop-01']) d WHERE v.k >= 2 AND (d = 'deesc-library-01' OR v.k >= 3)`);
  await client.query(`
    INSERT INTO signoff_requests (volunteer_id, competency_id, origin, status, created_at, decided_at, decided_by, level)
    SELECT v.id, c, 'volunteer', 'signed_off', v.joined + interval '25 days', v.joined + interval '25 days', bp.sup, 'developing'
      FROM bv v, bp, unnest(ARRAY['PEER.1', 'DEESC.1']) c WHERE v.k >= 2`);
  await client.query(`
    INSERT INTO competency_ratings (volunteer_id, competency_id, level, status, signed_off_by, signed_off_at, updated_at)
    SELECT v.id, c, CASE WHEN v.k >= 4 THEN 'proficient' ELSE 'developing' END, 'current', bp.sup,
           v.joined + CASE WHEN v.k >= 4 THEN interval '200 days' ELSE interval '25 days' END, v.joined + interval '200 days'
      FROM bv v, bp, unnest(ARRAY['PEER.1', 'PEER.2', 'DEESC.1', 'DEESC.2', 'CH.1', 'PEER.4']) c
     WHERE v.k >= 2 AND (c IN ('PEER.1', 'DEESC.1') OR v.k >= 4)`);
  // about 24 verified shifts of 3.5 hours after provisional, a few awaiting verification
  await client.query(`
    INSERT INTO practice_hours (organization_id, volunteer_user_id, worked_on, hours, setting, category, status)
    SELECT bp.org, v.id, (v.joined + ((30 + j * 9) || ' days')::interval)::date, 3.5, 'drop-in centre',
           (ARRAY['one-to-one', 'one-to-one', 'one-to-one', 'group', 'crisis-line', 'co-facilitation'])[1 + j % 6], CASE WHEN j > 22 THEN 'submitted' ELSE 'verified' END
      FROM bv v, bp, generate_series(1, 24) j WHERE v.k >= 2 AND v.joined + ((30 + j * 9) || ' days')::interval < now()`);
  await client.query(`
    INSERT INTO supervision_sessions (supervisor_id, volunteer_id, kind, held_on, wellbeing)
    SELECT bp.sup, v.id, 'session', (v.joined + ((40 + j * 30) || ' days')::interval)::date, 4
      FROM bv v, bp, generate_series(1, 8) j WHERE v.k >= 2 AND v.joined + ((40 + j * 30) || ' days')::interval < now()`);
  await client.query(`
    INSERT INTO ce_entries (organization_id, user_id, source, title, provider, category, hours, completed_on, status)
    SELECT bp.org, v.id, 'external', 'Workshop ' || j, 'County', (ARRAY['peer-specific', 'peer-specific', 'ethics', 'elective', 'peer-specific', 'elective'])[j], 6, (v.joined + ((300 + j * 60) || ' days')::interval)::date, 'approved'
      FROM bv v, bp, generate_series(1, 6) j WHERE v.k >= 5 AND v.joined + ((300 + j * 60) || ' days')::interval < now()`);
  await client.query('ANALYZE');
  let facts = 0;
  for (const table of [
    'module_progress',
    'drill_attempts',
    'competency_ratings',
    'signoff_requests',
    'practice_hours',
    'supervision_sessions',
    'ce_entries',
  ]) {
    facts += Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  }
  const [{ size }] = (
    await client.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`)
  ).rows;
  return { size, facts };
}

function sweep(env) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(root, 'tests', 'bench', 'pathway-sweep-worker.mjs')],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1)))
        : reject(new Error(`sweep worker exited with ${code}`)),
    );
  });
}

export async function run(ctx) {
  const requireApi = createRequire(join(root, 'api', 'package.json'));
  const pg = requireApi('pg');
  const { DataSource } = requireApi('typeorm');
  const { startEmbeddedPostgres } = await import(
    join(root, 'api', 'dist', 'database', 'embedded.js')
  );
  const { migrate, dataSourceOptions } = await import(
    join(root, 'api', 'dist', 'database', 'data-source.js')
  );
  const { seed } = await import(join(root, 'api', 'dist', 'seed', 'seed.js'));
  const { syncCatalog } = await import(join(root, 'api', 'dist', 'courses', 'catalog.sync.js'));
  const { loadCatalog } = await import(join(root, 'api', 'dist', 'content', 'content.service.js'));

  const dataDir = mkdtempSync(join(tmpdir(), 'kindred-bench-pathways-'));
  chmodSync(dataDir, 0o755);
  const db = await startEmbeddedPostgres(dataDir);
  try {
    await migrate(db.url);
    const ds = new DataSource(dataSourceOptions(db.url));
    await ds.initialize();
    await seed(ds);
    await syncCatalog(ds, loadCatalog());
    await ds.destroy();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const t0 = performance.now();
    const data = await generate(client);
    const genSeconds = ((performance.now() - t0) / 1000).toFixed(0);
    await client.end();

    const load = loadavg()[0].toFixed(1);
    const r = await sweep({
      DATABASE_URL: db.url,
      KINDRED_DATA_DIR: dataDir,
      KINDRED_SEED: 'false',
    });
    const check = new pg.Client({ connectionString: db.url });
    await check.connect();
    r.stages = (
      await check.query(
        `SELECT stage_id AS stage, status, count(*)::int AS n FROM pathway_states GROUP BY 1, 2 ORDER BY 1, 2`,
      )
    ).rows;
    await check.end();
    const scale = `${r.baseline.volunteers.toLocaleString('en')} volunteers, ${data.facts.toLocaleString('en')} fact rows, ${data.size} on disk (generated in ${genSeconds} s), load average ${load} → ${loadavg()[0].toFixed(1)} on ${cpus().length} cores${VOLUNTEERS < 100_000 ? ' — SCALED DOWN from the 100,000 target' : ''}`;
    const stages = r.stages.map((s) => `${s.stage}/${s.status} ${s.n}`).join(', ');
    const mem = `peak RSS ${r.maxRssMiB.toFixed(0)} MiB`;
    const baseline = `${r.baseline.seconds.toFixed(1)} s reading the same facts (no evaluation, no writes)`;
    ctx.row({
      what: `nightly sweep, steady state (no changes to record); ${scale}`,
      figure: `${r.nightly.seconds.toFixed(1)} s, ${r.nightly.changes} changes, ${r.nightly.reminders} reminders; ${mem} (whole worker)`,
      baseline,
      ratio: (r.nightly.seconds / r.baseline.seconds).toFixed(2),
      target: '≤ 60 s, peak memory ≤ 1 GiB',
      holds: r.nightly.seconds <= 60 && r.maxRssMiB <= 1024,
    });
    ctx.row({
      what: `first sweep (every snapshot new, each stage change audited); ${stages}`,
      figure: `${r.first.seconds.toFixed(1)} s, ${r.first.changes} audit lines, ${r.first.reminders} reminders`,
      baseline,
      ratio: (r.first.seconds / r.baseline.seconds).toFixed(2),
      target: '≤ 60 s',
      holds: r.first.seconds <= 60,
    });
  } finally {
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
