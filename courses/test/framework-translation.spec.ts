// The competency framework in another language: texts by id, English where a text is missing.
import { localizeFramework, loadContent } from '../src/index.js';
import { CONTENT_ROOT, fixture } from './fixtures.js';

describe('framework translations', () => {
  it('loads <lang>/competencies.yaml into framework.translations', () => {
    const { framework, problems } = loadContent(fixture('valid'));
    expect(problems).toEqual([]);
    expect(framework.translations.es).toEqual({
      lang: 'es',
      file: 'es/competencies.yaml',
      source: '21eb2a828046',
      title: 'Marco de prueba',
      description: 'Un marco pequeño para pruebas.',
      scale: {
        'not-yet': { name: 'Todavía no', description: 'Aún no se ha mostrado.' },
        proficient: { name: 'Competente', description: 'Se muestra de forma fiable.' },
      },
      domains: {
        PEER: { name: 'Apoyo entre pares', description: 'El corazón del trabajo entre pares.' },
      },
      competencies: {
        'PEER.1': {
          name: 'Funciones y límites',
          description: 'Conoce la función del par.',
          behaviors: ['Explica la función del par.'],
          rubric: {
            c1: {
              criterion: 'Explica la función',
              levels: { 'not-yet': 'No la explica.', proficient: 'La explica con claridad.' },
            },
          },
        },
      },
    });
  });

  it('localizeFramework swaps texts and keeps the English structure', () => {
    const { framework } = loadContent(fixture('valid'));
    const es = localizeFramework(framework, 'es');
    expect(es.title).toBe('Marco de prueba');
    expect(es.scale.map((s) => [s.id, s.name, s.proficient])).toEqual([
      ['not-yet', 'Todavía no', false],
      ['proficient', 'Competente', true],
    ]);
    expect(es.domains[0]?.name).toBe('Apoyo entre pares');
    const c = es.competencies[0];
    expect([c.id, c.domain, c.validityMonths, c.name]).toEqual([
      'PEER.1',
      'PEER',
      24,
      'Funciones y límites',
    ]);
    expect(c.behaviors).toEqual(['Explica la función del par.']);
    expect(c.rubric).toEqual([
      {
        id: 'c1',
        criterion: 'Explica la función',
        levels: { 'not-yet': 'No la explica.', proficient: 'La explica con claridad.' },
      },
    ]);
    expect(es.rules).toBe(framework.rules);
    // the same object per language, and the English untouched
    expect(localizeFramework(framework, 'es')).toBe(es);
    expect(framework.competencies[0]?.name).toBe('Roles and boundaries');
  });

  it('falls back to English per field, and for a language without a translation', () => {
    const { framework } = loadContent(fixture('valid'));
    expect(localizeFramework(framework, 'fr')).toBe(framework);
    const es = framework.translations.es;
    const partial = {
      ...framework,
      translations: {
        es: {
          ...es,
          description: '',
          scale: { proficient: es.scale.proficient },
          competencies: {
            'PEER.1': { ...es.competencies['PEER.1'], behaviors: [], rubric: {} },
          },
        },
      },
    };
    const out = localizeFramework(partial, 'es');
    expect(out.description).toBe('A tiny framework for tests.');
    expect(out.scale.map((s) => s.name)).toEqual(['Not yet', 'Competente']);
    expect(out.competencies[0]?.name).toBe('Funciones y límites');
    expect(out.competencies[0]?.behaviors).toEqual(['Explains the peer role.']);
    expect(out.competencies[0]?.rubric[0]?.criterion).toBe('Explains the role');
  });

  it('the real content: a framework translation, when there is one, names every competency', () => {
    const { framework, problems } = loadContent(CONTENT_ROOT);
    expect(problems).toEqual([]);
    for (const t of Object.values(framework.translations)) {
      expect(Object.keys(t.competencies)).toEqual(framework.competencies.map((c) => c.id));
    }
  });
});
