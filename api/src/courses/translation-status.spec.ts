import { loadCatalog } from '../content/content.service.js';
import { translationStatus } from './translation-status.js';

describe('translationStatus', () => {
  const catalog = loadCatalog();

  it('counts each language as the content checker does, and names each module’s state', () => {
    const s = translationStatus(catalog);
    expect(s.languages).toEqual(
      catalog.coverage.map(({ lang, modules, coursePages, drills, framework, stale }) => ({
        lang,
        modules,
        coursePages,
        drills,
        framework,
        stale,
      })),
    );
    const modules = s.courses.flatMap((c) => c.modules);
    expect(modules).toHaveLength(catalog.courses.reduce((n, c) => n + c.modules.length, 0));
    const es = modules.filter((m) => m.states.find((x) => x.lang === 'es')?.state === 'current');
    expect(es).toHaveLength(s.languages.find((l) => l.lang === 'es')!.modules.translated);
  });

  it('shows a translation made from an older English as behind, and one not made as not yet', () => {
    const copy = structuredClone(catalog);
    const course = copy.courses[0];
    const [first, second] = course.modules;
    course.translations.es.modules[first.id].behind = { englishUpdatedOn: '2026-12-01' };
    Reflect.deleteProperty(course.translations.es.modules, second.id);
    const states = translationStatus(copy).courses[0].modules.map(
      (m) => m.states.find((x) => x.lang === 'es')?.state,
    );
    expect(states.slice(0, 2)).toEqual(['behind', 'missing']);
  });
});
