import type { DataSource } from 'typeorm';
import type { Catalog } from '@kindred/courses';
import { CatalogRepository } from './catalog.repository.js';

export interface SyncReport {
  courses: number;
  modules: number;
  /** module ids that got a new content version in this sync */
  newVersions: string[];
}

/**
 * Brings the catalog tables in line with the content: upserts courses and modules, and gives a module
 * whose content hash changed a new version. Old versions stay, so progress and attempts that point at
 * them are never rewritten. Safe to run from several instances at once (advisory lock).
 */
export async function syncCatalog(ds: DataSource, catalog: Catalog): Promise<SyncReport> {
  return ds.transaction(async (manager) => {
    const repo = new CatalogRepository(manager);
    await repo.lock();
    const newVersions: string[] = [];
    let modules = 0;
    for (const [position, course] of catalog.courses.entries()) {
      const courseId = await repo.upsertCourse(course.slug, course.title, position);
      for (const [index, m] of course.modules.entries()) {
        modules++;
        await repo.upsertModule({
          id: m.id,
          courseId,
          slug: m.slug,
          position: index,
          title: m.title,
          minutes: m.minutes,
        });
        const { versionId, created } = await repo.versionFor(m.id, m.hash, m.quiz, course.passMark);
        if (created) newVersions.push(m.id);
        await repo.setCurrentVersion(m.id, versionId);
      }
    }
    return { courses: catalog.courses.length, modules, newVersions };
  });
}
