import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  ceCategoryOfCourse,
  loadPathways,
  loadPrograms,
  parsePathway,
  type KnownPathwayIds,
} from '../src/index.js';

const PATHWAYS_DIR = fileURLToPath(new URL('../pathways/', import.meta.url));
const PROGRAMS_DIR = fileURLToPath(new URL('../programs/', import.meta.url));
const COURSES_DIR = fileURLToPath(new URL('../../courses/', import.meta.url));

function known(): KnownPathwayIds {
  const framework = parse(readFileSync(`${COURSES_DIR}competencies.yaml`, 'utf8')) as {
    competencies: { id: string }[];
    scale: { id: string }[];
  };
  const courseSlugs = readdirSync(COURSES_DIR).filter((d) =>
    existsSync(`${COURSES_DIR}${d}/course.md`),
  );
  const drillIds = courseSlugs.flatMap((c) =>
    existsSync(`${COURSES_DIR}${c}/drills`)
      ? readdirSync(`${COURSES_DIR}${c}/drills`).map((f) => f.replace(/\.md$/, ''))
      : [],
  );
  const { programs } = loadPrograms(PROGRAMS_DIR);
  return {
    competencyIds: new Set(framework.competencies.map((c) => c.id)),
    courseSlugs: new Set(courseSlugs),
    drillIds: new Set(drillIds),
    levels: framework.scale.map((s) => s.id),
    programs: new Map(programs.map((p) => [p.slug, p.validityMonths])),
  };
}

describe('the pathway definitions in pathways/', () => {
  it('load without problems against the courses, drills, competencies and programs', () => {
    const { pathways, problems } = loadPathways(PATHWAYS_DIR, known());
    expect(problems).toEqual([]);
    expect(pathways.map((p) => p.slug)).toEqual(['peer-supporter']);
  });

  it('define trainee → provisional → certified (the Foundations credential, within 12 months) → facilitator', () => {
    const [p] = loadPathways(PATHWAYS_DIR).pathways;
    expect(p.stages.map((s) => [s.id, s.status])).toEqual([
      ['trainee', 'trainee'],
      ['provisional', 'provisional'],
      ['certified', 'current'],
      ['facilitator', 'current'],
    ]);
    const certified = p.stages[2];
    expect(certified).toMatchObject({ program: 'foundations', withinMonths: 12 });
    expect(certified.requires.practiceHours).toEqual({
      total: 72,
      categories: { 'one-to-one': 30, group: 10 },
    });
    expect(certified.renewal).toMatchObject({
      everyMonths: 24,
      windowOpensDays: 90,
      graceDays: 30,
    });
    expect(certified.renewal!.requires.ceHours).toEqual({
      total: 36,
      categories: { 'peer-specific': 24, ethics: 3, elective: 9 },
    });
    expect(p.practiceCategories.map((c) => c.id)).toEqual([
      'one-to-one',
      'group',
      'crisis-line',
      'outreach',
      'co-facilitation',
    ]);
    expect(p.ceCategories.map((c) => c.id)).toEqual(['peer-specific', 'ethics', 'elective']);
    expect(p.ceCourses).toEqual({});
    expect(ceCategoryOfCourse({ ...p, ceCourses: { 'peer-roles': 'ethics' } }, 'peer-roles')).toBe(
      'ethics',
    );
    expect(ceCategoryOfCourse(p, 'crisis-de-escalation')).toBe('peer-specific');
  });
});

describe('pathway validation', () => {
  const ids: KnownPathwayIds = {
    competencyIds: new Set(['PEER.1']),
    courseSlugs: new Set(['peer-roles']),
    drillIds: new Set(['d-1']),
    programs: new Map([['foundations', 24]]),
  };

  it('reports each problem with its file and line', () => {
    const text = [
      'slug: bad', // 1
      'name: Bad', // 2
      'description: A bad pathway', // 3
      'practice_categories: [{ id: one-to-one, label: One }]', // 4
      'ce_categories: [{ id: ethics, label: Ethics }]', // 5
      'ce_courses: { nope: ethics }', // 6
      'stages:', // 7
      '  - { id: trainee, name: Trainee, status: trainee, within_months: 3 }', // 8
      '  - id: certified', // 9
      '    name: Certified', // 10
      '    status: gold', // 11
      '    program: platinum', // 12
      '    requires:', // 13
      '      courses: [peer-roles, nope]', // 14
      '      competencies: [{ id: PEER.9, level: proficient, signoff: true }]', // 15
      '      practice_hours: { total: 10, categories: { one-to-one: 8, crisis-line: 4 } }', // 16
      '      supervision_sessions: 1.5', // 17
      '    renewal:', // 18
      '      every_months: 12', // 19
      '      window_opens_days: 90', // 20
      '      grace_days: -1', // 21
      '      requires: { ce_hours: { total: 5, categories: { elective: 2 } } }', // 22
      '  - { id: certified, name: Again, status: current }', // 23
    ].join('\n');
    const { pathway, problems } = parsePathway('bad.yaml', text, ids);
    expect(pathway).toBeUndefined();
    const at = problems.map((p) => `${p.line}: ${p.message}`);
    expect(at).toEqual(
      expect.arrayContaining([
        '6: unknown course "nope"',
        '8: the first stage has no deadline',
        '11: unknown status "gold" (expected one of trainee, provisional, current)',
        '12: unknown certificate program "platinum"',
        '14: unknown course "nope"',
        '15: unknown competency "PEER.9"',
        '16: unknown practice category "crisis-line" (declare it under practice_categories)',
        '16: the category quotas add up to 12 hours, more than the total of 10',
        '17: "stages.1.requires.supervision_sessions" must be a positive whole number',
        '21: "stages.1.renewal.grace_days" must be a whole number of days from 0 to 366',
        '22: unknown CE category "elective" (declare it under ce_categories)',
        '23: duplicate stage "certified"',
        '23: missing required field "requires" (every stage after the first has requirements)',
      ]),
    );
    expect(problems.every((p) => p.file === 'bad.yaml')).toBe(true);
  });

  it('checks a renewal against its program’s validity', () => {
    const text = `slug: p\nname: P\ndescription: D\npractice_categories: [{ id: group, label: G }]\nce_categories: [{ id: ethics, label: E }]\nstages:\n  - { id: a, name: A, status: trainee }\n  - id: b\n    name: B\n    status: current\n    program: foundations\n    requires: { courses: [peer-roles] }\n    renewal: { every_months: 12, window_opens_days: 90, grace_days: 30, requires: { supervision_sessions: 2 } }\n`;
    const { problems } = parsePathway('p.yaml', text, ids);
    expect(problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      '13: renewal every 12 months, but program "foundations" is valid for 24 months',
    ]);
  });
});
