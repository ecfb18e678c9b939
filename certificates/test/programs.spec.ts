import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadContent } from '@kindred/courses';
import {
  loadPrograms,
  parseProgram,
  programAchievement,
  programValidUntil,
  type KnownIds,
} from '../src/index.js';

const PROGRAMS_DIR = fileURLToPath(new URL('../programs/', import.meta.url));
const COURSES_DIR = fileURLToPath(new URL('../../courses/', import.meta.url));

/** The ids the course content defines, read straight from courses/ (the framework and the folders). */
function courseIds(): Required<Omit<KnownIds, 'levels'>> & { levels: string[] } {
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
  return {
    competencyIds: new Set(framework.competencies.map((c) => c.id)),
    courseSlugs: new Set(courseSlugs),
    drillIds: new Set(drillIds),
    levels: framework.scale.map((s) => s.id),
  };
}

describe('the program definitions in programs/', () => {
  it('load without problems against the course content and the competency framework', () => {
    const { competencyIds, ...rest } = courseIds();
    const { programs, problems } = loadPrograms(PROGRAMS_DIR, competencyIds, rest);
    expect(problems).toEqual([]);
    expect(programs.map((p) => p.slug)).toEqual(['accredited-peer-supporter', 'foundations']);
  });

  it('define foundations as the city program alone, and the accredited program as co-issued for 1.1 CEUs', () => {
    const { programs } = loadPrograms(PROGRAMS_DIR);
    const foundations = programs.find((p) => p.slug === 'foundations')!;
    expect(foundations.requirements.courses).toEqual(['peer-roles', 'crisis-de-escalation']);
    expect(foundations.requirements.competencies.map((c) => c.id)).toEqual([
      'PEER.1',
      'PEER.2',
      'DEESC.1',
      'DEESC.2',
    ]);
    expect(
      foundations.requirements.competencies.every((c) => c.level === 'proficient' && c.signoff),
    ).toBe(true);
    expect(foundations.validityMonths).toBe(24);
    expect(foundations.coIssuer).toBeUndefined();
    // a wallet taking foundations authenticates with its DID and gets a copy issued to it; the accredited one not
    expect(foundations.bindToWalletDid).toBe(true);
    expect(programs.find((p) => p.slug === 'accredited-peer-supporter')!.bindToWalletDid).toBe(
      false,
    );

    const accredited = programs.find((p) => p.slug === 'accredited-peer-supporter')!;
    expect(accredited.requirements.courses).toHaveLength(4);
    const ids = accredited.requirements.competencies.map((c) => c.id);
    expect(ids).toEqual([
      ...['PEER.1', 'PEER.2', 'PEER.3', 'PEER.4', 'PEER.5', 'PEER.6'],
      ...['DEESC.1', 'DEESC.2', 'DEESC.3', 'DEESC.4', 'DEESC.5', 'DEESC.7', 'DEESC.8', 'DEESC.9'],
      ...['TIC.1', 'TIC.2', 'TIC.3', 'TIC.4', 'TIC.6'],
      ...['CH.1', 'CH.2', 'CH.3', 'CH.4'],
    ]);
    expect(accredited.coIssuer).toMatchObject({
      organization: 'riverside-university',
      credits: 1.1,
      creditType: 'CEU',
    });
    expect(accredited.validityMonths).toBe(24);
  });

  it('ask the full curriculum of the accredited program: every course and every drill', () => {
    const content = loadContent(COURSES_DIR);
    const accredited = loadPrograms(PROGRAMS_DIR).programs.find(
      (p) => p.slug === 'accredited-peer-supporter',
    )!;
    expect([...accredited.requirements.courses].sort()).toEqual(
      content.courses.map((c) => c.slug).sort(),
    );
    expect([...accredited.requirements.drills].sort()).toEqual(
      content.drills.map((d) => d.id).sort(),
    );
  });

  it('claim no more credit than the contact time they require: 1 CEU per 10 hours, to the tenth below', () => {
    const content = loadContent(COURSES_DIR);
    for (const p of loadPrograms(PROGRAMS_DIR).programs) {
      if (!p.coIssuer) continue;
      const modules = content.courses
        .filter((c) => p.requirements.courses.includes(c.slug))
        .flatMap((c) => c.modules)
        .reduce((n, m) => n + m.minutes, 0);
      const drills = content.drills
        .filter((d) => p.requirements.drills.includes(d.id))
        .reduce((n, d) => n + d.minutes, 0);
      const ceu = Math.floor((modules + drills) / 60) / 10;
      expect({ program: p.slug, credits: p.coIssuer.credits }).toEqual({
        program: p.slug,
        credits: ceu,
      });
      expect(p.coIssuer.accreditation).toContain(`${ceu.toFixed(1)} Continuing Education Units`);
    }
  });

  it('turn into an OB achievement aligned to the framework, with credits and creator when co-issued', () => {
    const { programs } = loadPrograms(PROGRAMS_DIR);
    const accredited = programs.find((p) => p.slug === 'accredited-peer-supporter')!;
    const creator = {
      id: 'did:key:z6MkUniversity',
      name: 'Riverside University',
      url: 'https://riverside.example',
    };
    const achievement = programAchievement(accredited, {
      id: 'https://kindred.example/programs/accredited-peer-supporter',
      frameworkUrl: 'https://kindred.example/competencies',
      frameworkName: 'Kindred peer support competencies',
      competencyName: (id) => (id === 'PEER.1' ? 'Roles and boundaries' : undefined),
      creator,
    });
    expect(achievement.creditsAvailable).toBe(1.1);
    expect(achievement.creator).toBe(creator);
    expect(achievement.alignment![0]).toEqual({
      targetName: 'Roles and boundaries',
      targetUrl: 'https://kindred.example/competencies#PEER.1',
      targetCode: 'PEER.1',
      targetFramework: 'Kindred peer support competencies',
      targetType: 'ceasn:Competency',
    });
    expect(achievement.criteriaNarrative).toMatch(
      /Complete the courses: peer-roles, crisis-de-escalation, trauma-informed-care, cultural-humility\./,
    );
    expect(programValidUntil(accredited, new Date('2026-02-28T10:00:00Z')).toISOString()).toBe(
      '2028-02-28T10:00:00.000Z',
    );
    expect(programValidUntil(accredited, new Date('2024-02-29T10:00:00Z')).toISOString()).toBe(
      '2026-02-28T10:00:00.000Z',
    );
  });
});

describe('program validation', () => {
  const known: KnownIds = {
    competencyIds: new Set(['PEER.1']),
    courseSlugs: new Set(['peer-roles']),
    drillIds: new Set(['d-1']),
  };

  it('reports each problem with its file and line', () => {
    const text = [
      'slug: wrong-name', // 1
      'name: A program', // 2
      'requirements:', // 3
      '  courses: [peer-roles, nope]', // 4
      '  drills: [d-1, d-1]', // 5
      '  competencies:', // 6
      '    - { id: PEER.9, level: proficient, signoff: true }', // 7
      '    - { id: PEER.1, level: expert, signoff: yes-please }', // 8
      'validity_months: 0', // 9
      'co_issuer:', // 10
      '  organization: Riverside U', // 11
      '  credits: -3', // 12
      'colour: green', // 13
      'bind_to_wallet_did: sometimes', // 14
    ].join('\n');
    const { program, problems } = parseProgram('bad.yaml', text, known);
    expect(program).toBeUndefined();
    const at = problems.map((p) => `${p.line}: ${p.message}`);
    expect(at).toEqual(
      expect.arrayContaining([
        '1: slug "wrong-name" does not match the file name "bad"',
        '1: missing required field "description"',
        '4: unknown course "nope"',
        '5: duplicate drill "d-1"',
        '7: unknown competency "PEER.9"',
        '8: unknown level "expert" (expected one of not-yet, developing, proficient, exemplary)',
        '8: "signoff" must be true or false',
        '9: "validity_months" must be a whole number of months from 1 to 120',
        '11: "Riverside U" is not an organization slug',
        '12: "co_issuer.credits" must be a positive number',
        '10: missing required field "co_issuer.credit_type"',
        '13: unknown field "colour"',
        '14: "bind_to_wallet_did" must be true or false',
      ]),
    );
    expect(problems.every((p) => p.file === 'bad.yaml')).toBe(true);
  });

  it('reports YAML syntax errors at their line', () => {
    const { problems } = parseProgram('broken.yaml', 'slug: broken\nname: [unclosed\n');
    expect(problems[0]).toMatchObject({
      file: 'broken.yaml',
      message: expect.stringMatching(/^invalid YAML/),
    });
    expect(problems[0].line).toBeGreaterThanOrEqual(2);
  });

  it('reports one mistake once, with the same locator as the course checker', () => {
    // yaml raises "Nested mappings" twice for this line; courses/ already said it once
    const { problems } = parseProgram('broken.yaml', 'slug: broken\nname: First: steps: again\n');
    expect(problems).toEqual([
      {
        file: 'broken.yaml',
        line: 2,
        message: 'invalid YAML: Nested mappings are not allowed in compact mappings',
      },
    ]);
  });
});
