import type { EntityManager } from 'typeorm';
import type { Question } from '@kindred/courses';

/** Catalog sync queries; runs inside the sync's transaction (also outside Nest, from main.ts). */
export class CatalogRepository {
  constructor(private readonly m: EntityManager) {}

  async lock(): Promise<void> {
    await this.m.query(`SELECT pg_advisory_xact_lock(hashtext('kindred:catalog-sync'))`);
  }

  async upsertCourse(slug: string, title: string, position: number): Promise<string> {
    const [row] = await this.m.query(
      `INSERT INTO courses (slug, title, position) VALUES ($1, $2, $3)
       ON CONFLICT (slug) DO UPDATE SET title = EXCLUDED.title, position = EXCLUDED.position, updated_at = now()
       RETURNING id`,
      [slug, title, position],
    );
    return row.id;
  }

  async upsertModule(m: {
    id: string;
    courseId: string;
    slug: string;
    position: number;
    title: string;
    minutes: number;
  }): Promise<void> {
    await this.m.query(
      `INSERT INTO modules (id, course_id, slug, position, title, minutes) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET course_id = EXCLUDED.course_id, slug = EXCLUDED.slug, position = EXCLUDED.position,
         title = EXCLUDED.title, minutes = EXCLUDED.minutes, updated_at = now()`,
      [m.id, m.courseId, m.slug, m.position, m.title, m.minutes],
    );
  }

  /** The version row for this content hash, created when the hash is new. */
  async versionFor(
    moduleId: string,
    hash: string,
    quiz: Question[],
    passMark: number,
  ): Promise<{ versionId: string; created: boolean }> {
    const inserted = await this.m.query(
      `INSERT INTO module_versions (module_id, content_hash, quiz, pass_mark) VALUES ($1, $2, $3, $4)
       ON CONFLICT (module_id, content_hash) DO NOTHING RETURNING id`,
      [moduleId, hash, JSON.stringify(quiz), passMark],
    );
    if (inserted.length) return { versionId: inserted[0].id, created: true };
    const [row] = await this.m.query(
      `SELECT id FROM module_versions WHERE module_id = $1 AND content_hash = $2`,
      [moduleId, hash],
    );
    return { versionId: row.id, created: false };
  }

  async setCurrentVersion(moduleId: string, versionId: string): Promise<void> {
    await this.m.query(
      `UPDATE modules SET current_version_id = $2 WHERE id = $1 AND current_version_id IS DISTINCT FROM $2`,
      [moduleId, versionId],
    );
  }
}
