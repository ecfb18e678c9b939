#!/usr/bin/env node
// `pnpm bench`: every benchmark, each beside its baseline measured in the same run, written to REPORT.md.
// Usage: pnpm bench [case…]   (cases: the file names in cases/, e.g. `pnpm bench credentials`)
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, loadavg } from 'node:os';
import { join } from 'node:path';
import { startApp } from './lib.mjs';

const only = process.argv.slice(2);
const files = readdirSync(join(import.meta.dirname, 'cases'))
  .filter((f) => f.endsWith('.mjs'))
  .sort((a, b) => (a === 'http.mjs' ? -1 : b === 'http.mjs' ? 1 : a.localeCompare(b)));
const sections = [];
let app;
const ctx = {
  baseline: {},
  rows: [],
  row(r) {
    this.rows.push(r);
    console.log(
      `  ${r.what}: ${r.figure}${r.ratio && r.ratio !== '—' ? ` (ratio ${r.ratio})` : ''}${r.holds === undefined ? '' : r.holds ? ' ✓' : ' ✗ target missed'}`,
    );
  },
  async app() {
    app ??= await startApp();
    return app;
  },
};

const started = new Date();
try {
  for (const file of files) {
    const name = file.replace('.mjs', '');
    if (only.length && !only.includes(name) && name !== 'http') continue;
    const mod = await import(`./cases/${file}`);
    console.log(`\n${mod.name}`);
    ctx.rows = [];
    try {
      await mod.run(ctx);
    } catch (e) {
      ctx.row({
        what: `${mod.name}: the benchmark failed`,
        figure: String(e?.message ?? e),
        baseline: '—',
        ratio: '—',
        target: '—',
        holds: false,
      });
    }
    sections.push({ name: mod.name, rows: ctx.rows });
  }
} finally {
  await app?.close();
}

const cell = (v) => String(v ?? '—').replace(/\|/g, '\\|');
const lines = [
  '# Kindred benchmark report',
  '',
  `Written by \`pnpm bench\` on ${started.toISOString()}. Every figure is measured in the same run as its baseline; the ratio is figure ÷ baseline.`,
  'Machines here are shared and noisy: compare ratios, not absolute numbers. Targets come from `PERFORMANCE.md` in the design; a missed target is reported as missed.',
  '',
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load average at start ${loadavg()[0].toFixed(2)}.`,
  '',
];
for (const s of sections) {
  lines.push(
    `## ${s.name}`,
    '',
    '| what | figure | baseline | ratio | target | holds |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const r of s.rows)
    lines.push(
      `| ${cell(r.what)} | ${cell(r.figure)} | ${cell(r.baseline)} | ${cell(r.ratio)} | ${cell(r.target)} | ${r.holds === undefined ? '' : r.holds ? 'yes' : '**no**'} |`,
    );
  lines.push('');
}
writeFileSync(join(import.meta.dirname, 'REPORT.md'), lines.join('\n'));
console.log(`\nwrote tests/bench/REPORT.md`);
