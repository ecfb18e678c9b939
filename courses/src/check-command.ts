import { join, relative, resolve } from 'node:path';
import { loadContent } from './load-content.js';
import { formatProblem, pluralize } from './problems.js';
import { quizCueReport } from './quiz-cues.js';
import type { Catalog } from './types.js';

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
  print(
    catalog.problems.length
      ? pluralize(catalog.problems.length, 'problem')
      : `content OK: ${summary(catalog)}`,
  );
  return catalog.problems.length ? 1 : 0;
}

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
