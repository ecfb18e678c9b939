import { relative } from 'node:path';
import { runCheck } from '../src/check-command.js';
import { fixture } from './fixtures.js';

function check(root: string): { code: number; lines: string[] } {
  const lines: string[] = [];
  const code = runCheck(root, process.cwd(), (line) => lines.push(line));
  return { code, lines };
}

describe('courses:check', () => {
  it('prints a summary and exits 0 on clean content', () => {
    expect(check(fixture('valid'))).toEqual({
      code: 0,
      lines: [
        'quiz cues: key is the longest choice · "always pick the longest" score',
        '  basics-01: 0/4 (0 %) · 0.8/4, 3 to pass: fails',
        '  basics-02: 0/4 (0 %) · 0.8/4, 3 to pass: fails',
        '  overall: key longest in 0/8 (0 %) · "always longest" passes 0 of 2 modules',
        'translation coverage es: 50 % of modules (1/2 modules, 1/1 course pages, 1/1 drills, framework translated; 0 stale translations)',
        'content OK: 1 course, 2 modules, 8 questions, 1 drill, 1 competency',
      ],
    });
  });

  it('prints file:line: message relative to the working directory and exits 1', () => {
    const file = relative(process.cwd(), fixture('module-missing/basics/course.md'));
    expect(check(fixture('module-missing'))).toEqual({
      code: 1,
      lines: [
        `${file}:7: module file "02-gone.md" does not exist`,
        'quiz cues: key is the longest choice · "always pick the longest" score',
        '  basics-01: 0/4 (0 %) · 0.8/4, 3 to pass: fails',
        '  overall: key longest in 0/4 (0 %) · "always longest" passes 0 of 1 modules',
        '1 problem',
      ],
    });
  });

  it('reports how far "always pick the longest" gets, per module and overall', () => {
    const { code, lines } = check(fixture('quiz-cues'));
    expect(code).toBe(1);
    expect(lines).toContain('  basics-01: 4/4 (100 %) · 4/4, 3 to pass: PASSES');
    expect(lines).toContain(
      '  overall: key longest in 4/8 (50 %) · "always longest" passes 1 of 2 modules',
    );
  });

  it('counts problems in the summary', () => {
    const { code, lines } = check(fixture('course-fields'));
    expect(code).toBe(1);
    expect(lines.at(-1)).toBe('3 problems');
  });
});
