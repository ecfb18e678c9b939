import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface HoursRow {
  id: string;
  organizationId: string;
  volunteerId: string;
  volunteerName: string;
  workedOn: string;
  weekOf: string;
  hours: number;
  setting: string;
  category: string;
  reflection: string | null;
  status: 'submitted' | 'verified' | 'returned';
  reviewedBy: string | null;
  reviewedByName: string | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
  createdAt: Date;
}

export interface CeRow {
  id: string;
  organizationId: string;
  userId: string;
  personName: string;
  source: 'kindred' | 'external';
  title: string;
  provider: string | null;
  category: string;
  hours: number;
  completedOn: string;
  courseSlug: string | null;
  moduleSlug: string | null;
  evidenceUrl: string | null;
  evidenceFileName: string | null;
  status: 'pending' | 'approved' | 'rejected';
  reviewNote: string | null;
  reviewedAt: Date | null;
  createdAt: Date;
}

const HOURS = `h.id, h.organization_id AS "organizationId", h.volunteer_user_id AS "volunteerId", v.name AS "volunteerName",
  to_char(h.worked_on, 'YYYY-MM-DD') AS "workedOn", to_char(date_trunc('week', h.worked_on), 'YYYY-MM-DD') AS "weekOf",
  h.hours::float8 AS hours, h.setting, h.category, h.reflection, h.status, h.reviewed_by AS "reviewedBy", r.name AS "reviewedByName",
  h.reviewed_at AS "reviewedAt", h.review_note AS "reviewNote", h.created_at AS "createdAt"`;
const HOURS_FROM = `practice_hours h JOIN users v ON v.id = h.volunteer_user_id LEFT JOIN users r ON r.id = h.reviewed_by`;

const CE = `c.id, c.organization_id AS "organizationId", c.user_id AS "userId", u.name AS "personName", c.source, c.title, c.provider, c.category,
  c.hours::float8 AS hours, to_char(c.completed_on, 'YYYY-MM-DD') AS "completedOn", c.course_slug AS "courseSlug", c.module_slug AS "moduleSlug",
  c.evidence_url AS "evidenceUrl", c.evidence_file_name AS "evidenceFileName", c.status, c.review_note AS "reviewNote", c.reviewed_at AS "reviewedAt", c.created_at AS "createdAt"`;
const CE_FROM = `ce_entries c JOIN users u ON u.id = c.user_id`;

/** Every query of the practice hours log and the continuing-education ledger. */
@Injectable()
export class LedgerRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  private q(m?: EntityManager) {
    return m ?? this.ds;
  }

  /** The organization a volunteer logs in: where they have a supervisor, else their first volunteer membership. */
  async volunteerOrganization(userId: string, m?: EntityManager): Promise<string | null> {
    const [row] = await this.q(m).query(
      `SELECT organization_id AS id FROM (
         SELECT organization_id, 0 AS rank FROM supervisor_assignments WHERE volunteer_id = $1
         UNION ALL SELECT organization_id, 1 FROM memberships WHERE user_id = $1 AND role = 'volunteer'
         UNION ALL SELECT organization_id, 2 FROM memberships WHERE user_id = $1) o
       ORDER BY rank, organization_id LIMIT 1`,
      [userId],
    );
    return row?.id ?? null;
  }

  async supervises(
    supervisorId: string,
    volunteerId: string,
    organizationId: string,
    m?: EntityManager,
  ): Promise<boolean> {
    const rows = await this.q(m).query(
      `SELECT 1 FROM supervisor_assignments WHERE supervisor_id = $1 AND volunteer_id = $2 AND organization_id = $3`,
      [supervisorId, volunteerId, organizationId],
    );
    return rows.length > 0;
  }

  // ---- practice hours

  async insertHours(e: {
    organizationId: string;
    volunteerId: string;
    workedOn: string;
    hours: number;
    setting: string;
    category: string;
    reflection: string | null;
    now: Date;
  }): Promise<string> {
    const [row] = await this.ds.query(
      `INSERT INTO practice_hours (organization_id, volunteer_user_id, worked_on, hours, setting, category, reflection, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
      [
        e.organizationId,
        e.volunteerId,
        e.workedOn,
        e.hours,
        e.setting,
        e.category,
        e.reflection,
        e.now,
      ],
    );
    return row.id;
  }

  /** Edits an entry that is not verified yet; it goes back to the supervisor as submitted. */
  async resubmitHours(
    m: EntityManager,
    id: string,
    e: {
      workedOn: string;
      hours: number;
      setting: string;
      category: string;
      reflection: string | null;
      now: Date;
    },
  ): Promise<void> {
    await m.query(
      `UPDATE practice_hours SET worked_on = $2, hours = $3, setting = $4, category = $5, reflection = $6, status = 'submitted',
              reviewed_by = NULL, reviewed_at = NULL, review_note = NULL, updated_at = $7 WHERE id = $1`,
      [id, e.workedOn, e.hours, e.setting, e.category, e.reflection, e.now],
    );
  }

  async hoursEntry(id: string, m?: EntityManager, lock = false): Promise<HoursRow | null> {
    const [row] = await this.q(m).query(
      `SELECT ${HOURS} FROM ${HOURS_FROM} WHERE h.id = $1${lock ? ' FOR UPDATE OF h' : ''}`,
      [id],
    );
    return row ?? null;
  }

  hoursOf(volunteerId: string): Promise<HoursRow[]> {
    return this.ds.query(
      `SELECT ${HOURS} FROM ${HOURS_FROM} WHERE h.volunteer_user_id = $1 ORDER BY h.worked_on DESC, h.created_at DESC`,
      [volunteerId],
    );
  }

  /** Entries of the supervisor's own cohort (volunteers assigned to them in the entry's organization). */
  cohortHours(
    supervisorId: string,
    f: { status?: string; weekStart?: string; volunteerId?: string },
    m?: EntityManager,
    lock = false,
  ): Promise<HoursRow[]> {
    return this.q(m).query(
      `SELECT ${HOURS} FROM ${HOURS_FROM}
         JOIN supervisor_assignments a ON a.volunteer_id = h.volunteer_user_id AND a.organization_id = h.organization_id AND a.supervisor_id = $1
        WHERE ($2::text IS NULL OR h.status = $2) AND ($3::date IS NULL OR (h.worked_on >= $3::date AND h.worked_on < $3::date + 7))
          AND ($4::uuid IS NULL OR h.volunteer_user_id = $4)
        ORDER BY h.worked_on DESC, v.name, h.created_at${lock ? ' FOR UPDATE OF h' : ''}`,
      [supervisorId, f.status ?? null, f.weekStart ?? null, f.volunteerId ?? null],
    );
  }

  cohortWeeks(
    supervisorId: string,
  ): Promise<{ weekOf: string; submitted: number; hours: number }[]> {
    return this.ds.query(
      `SELECT to_char(date_trunc('week', h.worked_on), 'YYYY-MM-DD') AS "weekOf", count(*)::int AS submitted, sum(h.hours)::float8 AS hours
         FROM practice_hours h JOIN supervisor_assignments a ON a.volunteer_id = h.volunteer_user_id AND a.organization_id = h.organization_id AND a.supervisor_id = $1
        WHERE h.status = 'submitted' GROUP BY 1 ORDER BY 1 DESC`,
      [supervisorId],
    );
  }

  async reviewHours(
    m: EntityManager,
    id: string,
    r: { status: 'verified' | 'returned'; by: string; at: Date; note: string | null },
  ): Promise<void> {
    await m.query(
      `UPDATE practice_hours SET status = $2, reviewed_by = $3, reviewed_at = $4, review_note = $5, updated_at = $4 WHERE id = $1`,
      [id, r.status, r.by, r.at, r.note],
    );
  }

  hoursTotals(volunteerId: string): Promise<{ category: string; status: string; hours: number }[]> {
    return this.ds.query(
      `SELECT category, status, sum(hours)::float8 AS hours FROM practice_hours WHERE volunteer_user_id = $1 GROUP BY 1, 2`,
      [volunteerId],
    );
  }

  // ---- continuing education

  /** A Kindred module's CE row; written once per person and module however often it is completed. */
  async insertKindredCe(
    m: EntityManager | undefined,
    e: {
      organizationId: string;
      userId: string;
      title: string;
      category: string;
      hours: number;
      completedOn: string;
      courseSlug: string;
      moduleSlug: string;
    },
  ): Promise<boolean> {
    const rows = await this.q(m).query(
      `INSERT INTO ce_entries (organization_id, user_id, source, title, category, hours, completed_on, course_slug, module_slug, status)
       VALUES ($1, $2, 'kindred', $3, $4, $5, $6, $7, $8, 'approved') ON CONFLICT DO NOTHING RETURNING id`,
      [
        e.organizationId,
        e.userId,
        e.title,
        e.category,
        e.hours,
        e.completedOn,
        e.courseSlug,
        e.moduleSlug,
      ],
    );
    return rows.length > 0;
  }

  /** Completed modules that have no Kindred CE row yet (completions from before the ledger existed). */
  missingKindredCe(userId: string): Promise<{ moduleId: string; completedOn: string }[]> {
    return this.ds.query(
      `SELECT p.module_id AS "moduleId", to_char(coalesce(p.completed_at, p.updated_at), 'YYYY-MM-DD') AS "completedOn" FROM module_progress p
        WHERE p.user_id = $1 AND p.status = 'completed'
          AND NOT EXISTS (SELECT 1 FROM ce_entries c WHERE c.user_id = p.user_id AND c.source = 'kindred' AND c.module_slug = p.module_id)`,
      [userId],
    );
  }

  async insertExternalCe(e: {
    organizationId: string;
    userId: string;
    title: string;
    provider: string;
    category: string;
    hours: number;
    completedOn: string;
    evidenceUrl: string | null;
    fileName: string | null;
    fileType: string | null;
    file: Buffer | null;
    now: Date;
  }): Promise<string> {
    const [row] = await this.ds.query(
      `INSERT INTO ce_entries (organization_id, user_id, source, title, provider, category, hours, completed_on, evidence_url, evidence_file_name, evidence_file_type, evidence_file, status, created_at)
       VALUES ($1, $2, 'external', $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', $12) RETURNING id`,
      [
        e.organizationId,
        e.userId,
        e.title,
        e.provider,
        e.category,
        e.hours,
        e.completedOn,
        e.evidenceUrl,
        e.fileName,
        e.fileType,
        e.file,
        e.now,
      ],
    );
    return row.id;
  }

  async ceEntry(id: string, m?: EntityManager, lock = false): Promise<CeRow | null> {
    const [row] = await this.q(m).query(
      `SELECT ${CE} FROM ${CE_FROM} WHERE c.id = $1${lock ? ' FOR UPDATE OF c' : ''}`,
      [id],
    );
    return row ?? null;
  }

  ceOf(userId: string): Promise<CeRow[]> {
    return this.ds.query(
      `SELECT ${CE} FROM ${CE_FROM} WHERE c.user_id = $1 ORDER BY c.completed_on DESC, c.created_at DESC`,
      [userId],
    );
  }

  ceTotals(userId: string): Promise<{ category: string; status: string; hours: number }[]> {
    return this.ds.query(
      `SELECT category, status, sum(hours)::float8 AS hours FROM ce_entries WHERE user_id = $1 GROUP BY 1, 2`,
      [userId],
    );
  }

  ceQueue(organizationIds: string[], status: string): Promise<CeRow[]> {
    return this.ds.query(
      `SELECT ${CE} FROM ${CE_FROM} WHERE c.organization_id = ANY($1) AND c.source = 'external' AND c.status = $2 ORDER BY c.created_at ${status === 'pending' ? 'ASC' : 'DESC'} LIMIT 500`,
      [organizationIds, status],
    );
  }

  async reviewCe(
    m: EntityManager,
    id: string,
    r: { status: 'approved' | 'rejected'; by: string; at: Date; note: string | null },
  ): Promise<void> {
    await m.query(
      `UPDATE ce_entries SET status = $2, reviewed_by = $3, reviewed_at = $4, review_note = $5 WHERE id = $1`,
      [id, r.status, r.by, r.at, r.note],
    );
  }

  async ceFile(id: string): Promise<{
    userId: string;
    organizationId: string;
    name: string;
    type: string;
    file: Buffer;
  } | null> {
    const [row] = await this.ds.query(
      `SELECT user_id AS "userId", organization_id AS "organizationId", evidence_file_name AS name, evidence_file_type AS type, evidence_file AS file FROM ce_entries WHERE id = $1 AND evidence_file IS NOT NULL`,
      [id],
    );
    return row ?? null;
  }
}
