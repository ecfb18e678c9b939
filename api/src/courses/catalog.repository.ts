import { sql } from 'kysely';
import type { EntityManager } from 'typeorm';
import type { Question } from '@kindred/courses';
import { affected, db, first, jsonb, rows } from '../database/sql.js';

/** Catalog sync queries; runs inside the sync's transaction (also outside Nest, from main.ts). */
export class CatalogRepository {
  constructor(private readonly m: EntityManager) {}

  async lock(): Promise<void> {
    await first(
      this.m,
      db.selectNoFrom(sql`pg_advisory_xact_lock(hashtext('kindred:catalog-sync'))`.as('locked')),
    );
  }

  async upsertCourse(slug: string, title: string, position: number): Promise<string> {
    const row = await first(
      this.m,
      db
        .insertInto('courses')
        .values({ slug, title, position })
        .onConflict((oc) =>
          oc.column('slug').doUpdateSet((eb) => ({
            title: eb.ref('excluded.title'),
            position: eb.ref('excluded.position'),
            updated_at: sql<Date>`now()`,
          })),
        )
        .returning('id'),
    );
    return row!.id;
  }

  async upsertModule(m: {
    id: string;
    courseId: string;
    slug: string;
    position: number;
    title: string;
    minutes: number;
  }): Promise<void> {
    await affected(
      this.m,
      db
        .insertInto('modules')
        .values({
          id: m.id,
          course_id: m.courseId,
          slug: m.slug,
          position: m.position,
          title: m.title,
          minutes: m.minutes,
        })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            course_id: eb.ref('excluded.course_id'),
            slug: eb.ref('excluded.slug'),
            position: eb.ref('excluded.position'),
            title: eb.ref('excluded.title'),
            minutes: eb.ref('excluded.minutes'),
            updated_at: sql<Date>`now()`,
          })),
        ),
    );
  }

  /** The version row for this content hash, created when the hash is new. */
  async versionFor(
    moduleId: string,
    hash: string,
    quiz: Question[],
    passMark: number,
  ): Promise<{ versionId: string; created: boolean }> {
    const [inserted] = await rows(
      this.m,
      db
        .insertInto('module_versions')
        .values({
          module_id: moduleId,
          content_hash: hash,
          quiz: jsonb(quiz),
          pass_mark: passMark,
        })
        .onConflict((oc) => oc.columns(['module_id', 'content_hash']).doNothing())
        .returning('id'),
    );
    if (inserted) return { versionId: inserted.id, created: true };
    const row = await first(
      this.m,
      db
        .selectFrom('module_versions')
        .select('id')
        .where('module_id', '=', moduleId)
        .where('content_hash', '=', hash),
    );
    return { versionId: row!.id, created: false };
  }

  async setCurrentVersion(moduleId: string, versionId: string): Promise<void> {
    await affected(
      this.m,
      db
        .updateTable('modules')
        .set({ current_version_id: versionId })
        .where('id', '=', moduleId)
        .where('current_version_id', 'is distinct from', versionId),
    );
  }
}
