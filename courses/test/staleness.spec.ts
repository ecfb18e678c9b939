// Translations that stay true: each records the English version it was made from; when the English
// changes, the checker names the stale translation and the English line that changed.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContent } from '../src/load-content.js';
import { runCheck } from '../src/check-command.js';
import { CONTENT_ROOT, fixture } from './fixtures.js';

function gitRepo(from: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-stale-'));
  cpSync(from, dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', dir, ...args], {
      stdio: 'ignore',
      env: {
        ...process.env,
        GIT_AUTHOR_DATE: '2026-11-01T10:00:00Z',
        GIT_COMMITTER_DATE: '2026-11-01T10:00:00Z',
      },
    });
  git('init', '-q');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'content');
  return dir;
}

describe('stale translations', () => {
  it('a translation made from the current English is not stale, and coverage is counted', () => {
    const catalog = loadContent(fixture('valid'));
    expect(catalog.problems).toEqual([]);
    expect(catalog.stale).toEqual([]);
    expect(catalog.coverage).toEqual([
      {
        lang: 'es',
        modules: { translated: 1, total: 2 },
        coursePages: { translated: 1, total: 1 },
        drills: { translated: 1, total: 1 },
        framework: { translated: true, stale: false },
        stale: 0,
      },
    ]);
  });

  it('changing one English paragraph names the stale Spanish file and the changed line', () => {
    const dir = gitRepo(fixture('valid'));
    try {
      const file = join(dir, 'basics/01-first.md');
      const lines = readFileSync(file, 'utf8').split('\n');
      const last = lines.length - 2; // the body's last paragraph
      lines[last] = lines[last] + ' One more sentence in English.';
      writeFileSync(file, lines.join('\n'));
      const catalog = loadContent(dir);
      expect(catalog.problems).toEqual([]); // stale is a warning: the translation still loads
      expect(catalog.stale).toEqual([
        expect.objectContaining({
          lang: 'es',
          file: 'es/basics/01-first.md',
          englishFile: 'basics/01-first.md',
          line: last + 1,
          recorded: 'dc0408551851',
        }),
      ]);
      expect(catalog.stale[0]?.englishUpdatedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const es = catalog.courses[0]?.translations.es?.modules['basics-01'];
      expect(es?.behind).toEqual({ englishUpdatedOn: catalog.stale[0]?.englishUpdatedOn });
      const out: string[] = [];
      expect(runCheck(dir, dir, (l) => out.push(l))).toBe(0);
      expect(out).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^basics/01-first.md:${last + 1}: stale translation \\(es\\): changed since es/basics/01-first.md`,
          ),
        ),
      );
      expect(out).toContainEqual(
        'translation coverage es: 50 % of modules (1/2 modules, 1/1 course pages, 1/1 drills, framework translated; 1 stale translation)',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('changing an English drill names the stale Spanish drill and the changed line', () => {
    const dir = gitRepo(fixture('valid'));
    try {
      const file = join(dir, 'basics/drills/basics-drill.md');
      const lines = readFileSync(file, 'utf8').split('\n');
      const at = lines.findIndex((l) => l === 'They feel heard.');
      lines[at] = 'They feel heard, and they say so.';
      writeFileSync(file, lines.join('\n'));
      const catalog = loadContent(dir);
      expect(catalog.problems).toEqual([]); // a text change keeps the graph: the translation still loads
      expect(catalog.stale).toEqual([
        expect.objectContaining({
          lang: 'es',
          file: 'es/basics/drills/basics-drill.md',
          englishFile: 'basics/drills/basics-drill.md',
          line: at + 1,
          recorded: 'c53bb7943d0a',
        }),
      ]);
      const es = catalog.drills[0]?.translations.es;
      expect(es?.behind).toEqual({ englishUpdatedOn: catalog.stale[0]?.englishUpdatedOn });
      expect(es?.nodes.listened?.text).toBe('La persona se siente escuchada.');
      const out: string[] = [];
      expect(runCheck(dir, dir, (l) => out.push(l))).toBe(0);
      expect(out).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^basics/drills/basics-drill.md:${at + 1}: stale translation \\(es\\): changed since es/basics/drills/basics-drill.md`,
          ),
        ),
      );
      expect(out).toContainEqual(
        'translation coverage es: 50 % of modules (1/2 modules, 1/1 course pages, 1/1 drills, framework translated; 1 stale translation)',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('changing a score in the English drill refuses the Spanish one, naming the choice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindred-drillscore-'));
    try {
      cpSync(fixture('valid'), dir, { recursive: true });
      const file = join(dir, 'basics/drills/basics-drill.md');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(
          '[Offer resources] {score: 1',
          '[Offer resources] {score: 2',
        ),
      );
      const catalog = loadContent(dir);
      expect(catalog.problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
        "es/basics/drills/basics-drill.md:20: choice 1: score 1 differs from the original's 2",
      ]);
      expect(catalog.drills[0]?.translations).toEqual({});
      expect(catalog.coverage[0]?.drills).toEqual({ translated: 0, total: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('changing an English competency name makes the Spanish framework stale, named at the changed line', () => {
    const dir = gitRepo(fixture('valid'));
    try {
      const file = join(dir, 'competencies.yaml');
      const lines = readFileSync(file, 'utf8').split('\n');
      const at = lines.findIndex((l) => l.includes('name: Roles and boundaries'));
      lines[at] = lines[at].replace('Roles and boundaries', 'Roles, boundaries and referrals');
      writeFileSync(file, lines.join('\n'));
      const catalog = loadContent(dir);
      expect(catalog.problems).toEqual([]); // still loads: the Spanish text is shown, marked as behind
      expect(catalog.stale).toEqual([
        expect.objectContaining({
          lang: 'es',
          file: 'es/competencies.yaml',
          englishFile: 'competencies.yaml',
          line: at + 1,
          recorded: '21eb2a828046',
        }),
      ]);
      const es = catalog.framework.translations.es;
      expect(es?.behind).toEqual({ englishUpdatedOn: catalog.stale[0]?.englishUpdatedOn });
      expect(es?.competencies['PEER.1']?.name).toBe('Funciones y límites');
      expect(catalog.coverage[0]?.framework).toEqual({ translated: true, stale: true });
      const out: string[] = [];
      expect(runCheck(dir, dir, (l) => out.push(l))).toBe(0);
      expect(out).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^competencies.yaml:${at + 1}: stale translation \\(es\\): changed since es/competencies.yaml was translated from it`,
          ),
        ),
      );
      expect(out).toContainEqual(
        'translation coverage es: 50 % of modules (1/2 modules, 1/1 course pages, 1/1 drills, framework translated, stale; 1 stale translation)',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a language without a framework translation says so in the coverage', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindred-nofw-'));
    try {
      cpSync(fixture('valid'), dir, { recursive: true });
      rmSync(join(dir, 'es/competencies.yaml'));
      const catalog = loadContent(dir);
      expect(catalog.problems).toEqual([]);
      expect(catalog.framework.translations).toEqual({});
      expect(catalog.coverage[0]?.framework).toEqual({ translated: false, stale: false });
      const out: string[] = [];
      runCheck(dir, dir, (l) => out.push(l));
      expect(out).toContainEqual(expect.stringContaining('framework not translated;'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every Spanish translation in the real content records the English version it was made from', () => {
    const catalog = loadContent(CONTENT_ROOT);
    // (stale ones are allowed: the English moves on in parallel work, and the checker lists them)
    expect(catalog.stale.filter((s) => s.recorded === undefined).map((s) => s.file)).toEqual([]);
  });
});
