import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentHash, loadContent, localizeDrill, type Catalog } from '../src/index.js';
import { CONTENT_ROOT, fixture } from './fixtures.js';

describe('loadContent on a valid fixture', () => {
  let catalog: Catalog;
  beforeAll(() => {
    catalog = loadContent(fixture('valid'));
  });

  it('finds no problems', () => {
    expect(catalog.problems).toEqual([]);
  });

  it('reads the framework with camel-cased fields', () => {
    const { framework } = catalog;
    expect(framework).toMatchObject({ id: 'test', version: '1' });
    expect(framework.rules).toEqual({ knowledge_check: 'not-yet', observation: 'proficient' });
    expect(framework.scale.map((s) => [s.id, s.proficient])).toEqual([
      ['not-yet', false],
      ['proficient', true],
    ]);
    expect(framework.domains.map((d) => d.id)).toEqual(['PEER']);
    const [competency] = framework.competencies;
    expect(competency).toMatchObject({ id: 'PEER.1', domain: 'PEER', validityMonths: 24 });
    expect(competency?.behaviors).toEqual(['Explains the peer role.']);
    expect(competency?.rubric[0]?.levels).toEqual({
      'not-yet': 'Does not explain it.',
      proficient: 'Explains it clearly.',
    });
  });

  it('reads the course and its modules in the listed order', () => {
    const [course] = catalog.courses;
    expect(catalog.courses).toHaveLength(1);
    expect(course).toMatchObject({
      slug: 'basics',
      lang: 'en',
      category: 'ethics',
      passMark: 0.75,
    });
    expect(course?.file).toBe('basics/course.md');
    expect(course?.welcome).toBe('Welcome to the test course.');
    expect(course?.modules.map((m) => [m.id, m.slug, m.courseSlug])).toEqual([
      ['basics-01', '01-first', 'basics'],
      ['basics-02', '02-second', 'basics'],
    ]);
  });

  it('reads a module: fields, body position, hash and word count', () => {
    const [first, second] = catalog.courses[0]?.modules ?? [];
    const text = readFileSync(join(fixture('valid'), 'basics/01-first.md'), 'utf8');
    expect(first).toMatchObject({ title: 'First steps', minutes: 15, file: 'basics/01-first.md' });
    expect(first?.objectives).toEqual(['Explain the peer role.']);
    expect(first?.contentNote).toBe('Mentions a crisis in general terms.');
    expect(second).not.toHaveProperty('contentNote');
    expect(first?.hash).toBe(contentHash(text));
    expect(first?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(first?.bodyLine).toBe(22);
    expect(text.split('\n')[first.bodyLine - 1]).toBe('## Listening first');
    expect(first?.body.trim().startsWith('## Listening first')).toBe(true);
    expect(first?.wordCount).toBe(7);
  });

  it('reads questions, defaulting their competencies to the module', () => {
    const q1 = catalog.courses[0]?.modules[0]?.quiz[0];
    expect(catalog.courses[0]?.modules[0]?.quiz.map((q) => q.id)).toEqual(['q1', 'q2', 'q3', 'q4']);
    expect(q1).toMatchObject({
      id: 'q1',
      prompt: 'What does a peer do?',
      answer: 'a',
      competencies: ['PEER.1'],
    });
    expect(q1?.choices[1]).toEqual({
      id: 'b',
      text: 'Diagnoses',
      explain: 'Peers do not diagnose.',
    });
  });

  it('reads a drill: nodes, choices, endings and path stats', () => {
    const [drill] = catalog.drills;
    expect(drill).toMatchObject({
      id: 'basics-drill',
      courseSlug: 'basics',
      setting: 'A library desk',
      pass: 3,
    });
    expect(drill?.start).toBe('start');
    expect(drill).toMatchObject({
      strongPath: 'Listen first.',
      minutes: 10,
      maxScore: 4,
      decisionCount: 2,
    });
    expect(Object.keys(drill?.nodes ?? {})).toEqual([
      'start',
      'listened',
      'END:helped',
      'END:alone',
    ]);
    expect(drill?.nodes.start?.text).toBe('Someone asks for help.');
    expect(drill?.nodes.start?.choices[0]).toEqual({
      index: 0,
      text: 'Listen',
      score: 3,
      feedback: 'Good listening.',
      comp: 'PEER.1',
      target: 'listened',
      line: 13,
    });
    const walkAway = drill?.nodes.start?.choices[1];
    expect(walkAway).toMatchObject({
      index: 1,
      flag: 'abandoning',
      score: -2,
      target: 'END:alone',
    });
    const alone = drill?.nodes['END:alone'];
    expect(alone).toMatchObject({
      end: { outcome: 'unsafe', review: true },
      choices: [],
      line: 24,
    });
    expect(drill?.nodes['END:helped']?.end).toEqual({ outcome: 'resolved', review: false });
  });

  it('attaches translations keyed by module id, without courseSlug', () => {
    const es = catalog.courses[0]?.translations.es;
    expect(es).toMatchObject({
      lang: 'es',
      title: 'Lo básico',
      welcome: 'Te damos la bienvenida.',
    });
    expect(Object.keys(es?.modules ?? {})).toEqual(['basics-01']);
    expect(es?.modules['basics-01']).toMatchObject({
      title: 'Primeros pasos',
      file: 'es/basics/01-first.md',
    });
    expect(es?.modules['basics-01']).not.toHaveProperty('courseSlug');
  });

  it("attaches a drill's translation to the English drill: its texts by node id and choice index", () => {
    const drill = catalog.drills.find((d) => d.id === 'basics-drill');
    const es = drill?.translations.es;
    expect(es).toMatchObject({
      lang: 'es',
      file: 'es/basics/drills/basics-drill.md',
      source: 'c53bb7943d0a',
      title: 'Una simulación corta',
      setting: 'El mostrador de una biblioteca',
      strongPath: 'Escucha primero.',
      reflection: '¿Qué notaste?',
    });
    expect(es).not.toHaveProperty('behind');
    expect(Object.keys(es?.nodes ?? {})).toEqual(Object.keys(drill?.nodes ?? {}));
    expect(es?.nodes.start).toEqual({
      text: 'Alguien pide ayuda.',
      choices: [
        { text: 'Escuchar', feedback: 'Buena escucha.' },
        { text: 'Irte', feedback: 'La persona se queda sola.' },
      ],
    });
    expect(es?.nodes['END:alone']).toEqual({ text: 'Se va molesta.', choices: [] });
    // the graph that scores stays the English drill's
    expect(drill?.nodes.start?.choices[0]).toMatchObject({ text: 'Listen', score: 3 });
  });

  it('localizeDrill swaps in the texts and keeps the graph; without a translation it is the English', () => {
    const drill = catalog.drills.find((d) => d.id === 'basics-drill')!;
    const es = localizeDrill(drill, 'es');
    expect(es.title).toBe('Una simulación corta');
    expect(es.nodes.start?.choices[1]).toEqual({
      ...drill.nodes.start?.choices[1],
      text: 'Irte',
      feedback: 'La persona se queda sola.',
    });
    expect(es.nodes['END:alone']).toEqual({ ...drill.nodes['END:alone'], text: 'Se va molesta.' });
    expect([es.pass, es.maxScore, es.hash]).toEqual([drill.pass, drill.maxScore, drill.hash]);
    expect(localizeDrill(drill, 'es')).toBe(es); // computed once per language
    expect(localizeDrill(drill, 'fr')).toBe(drill);
  });
});

describe('loadContent on the real content', () => {
  // Writers are still editing: this proves the loader copes with all of it, not that it is clean.
  const catalog = loadContent(CONTENT_ROOT);

  it('loads the framework and every course folder', () => {
    expect(catalog.framework.competencies.length).toBeGreaterThan(0);
    expect(catalog.courses.map((c) => c.slug)).toEqual(expect.arrayContaining(['peer-roles']));
    expect(catalog.courses.map((c) => c.slug)).not.toContain('basics');
  });

  it('places every problem in a file at a line', () => {
    for (const p of catalog.problems) {
      expect(p.file).not.toMatch(/^\/|\\/);
      expect(p.line).toBeGreaterThanOrEqual(1);
    }
  });
});
