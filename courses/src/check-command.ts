import { join, relative, resolve } from 'node:path';
import { loadContent } from './load-content.js';
import { formatProblem, pluralize } from './problems.js';
import { quizCueReport } from './quiz-cues.js';
import type { Catalog, TranslationCoverage } from './types.js';

/**
 * What `courses:check` does, apart from the process: prints every problem with its file relative to
 * `cwd` (so a terminal or editor can open it) and a summary line; returns the exit code.
 */
export function runCheck(root: string, cwd: string, print: (line: string) => void): number {
  const absRoot = resolve(cwd, root);
  const catalog = loadContent(absRoot);
  for (const p of catalog.problems)
    print(formatProblem({ ...p, file: relative(cwd, join(absRoot, p.file)) || '.' }));
  quizCueReport(catalog.courses).forEach(print);
  const rel = (file: string) => relative(cwd, join(absRoot, file));
  // Stale translations are warnings: they still load (the reader says the English moved on).
  for (const s of catalog.stale) {
    const what = s.recorded
      ? `changed since ${rel(s.file)} was translated from it (source ${s.recorded}, now ${s.current})`
      : `${rel(s.file)} records no source version (now ${s.current})`;
    const when = s.englishUpdatedOn ? `; English updated on ${s.englishUpdatedOn}` : '';
    print(`${rel(s.englishFile)}:${s.line ?? 1}: stale translation (${s.lang}): ${what}${when}`);
  }
  for (const c of catalog.coverage) print(coverageLine(c));
  print(
    catalog.problems.length
      ? pluralize(catalog.problems.length, 'problem')
      : `content OK: ${summary(catalog)}`,
  );
  return catalog.problems.length ? 1 : 0;
}

const pct = (n: number, total: number) => `${total ? Math.round((n / total) * 100) : 100} %`;

export function coverageLine(c: TranslationCoverage): string {
  const part = (p: { translated: number; total: number }, word: string) =>
    `${p.translated}/${p.total} ${word}`;
  return [
    `translation coverage ${c.lang}: ${pct(c.modules.translated, c.modules.total)} of modules`,
    `(${part(c.modules, 'modules')}, ${part(c.coursePages, 'course pages')},`,
    `${part(c.drills, 'drills')}, framework ${frameworkState(c.framework)};`,
    `${pluralize(c.stale, 'stale translation')})`,
  ].join(' ');
}

const frameworkState = (f: TranslationCoverage['framework']) =>
  !f.translated ? 'not translated' : f.stale ? 'translated, stale' : 'translated';

export function summary(c: Catalog): string {
  const modules = c.courses.flatMap((course) => course.modules);
  const questions = modules.reduce((n, m) => n + m.quiz.length, 0);
  const competencies = c.framework.competencies.length;
  return [
    pluralize(c.courses.length, 'course'),
    pluralize(modules.length, 'module'),
    pluralize(questions, 'question'),
    pluralize(c.drills.length, 'drill'),
    `${competencies} ${competencies === 1 ? 'competency' : 'competencies'}`,
  ].join(', ');
}
