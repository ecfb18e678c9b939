import { Injectable } from '@nestjs/common';
import { restingUserIds } from '../common/rest-week.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { DerivedRating } from './rating.rules.js';
import type { EvidenceRow } from '../evidence/evidence.repository.js';

export interface EvidenceWithSubject extends EvidenceRow {
  moduleId: string | null;
  drillId: string | null;
  actorName: string | null;
}
import { withTryLock } from '../common/advisory-lock.js';

export interface RatingRow extends DerivedRating {
  volunteerId: string;
  competencyId: string;
}

export interface RequestRow {
  id: string;
  volunteerId: string;
  volunteerName: string;
  competencyId: string;
  origin: 'volunteer' | 'auto';
  status: 'open' | 'practice' | 'signed_off';
  reflection: string | null;
  priorLearningEvidenceId: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  level: string | null;
  scores: Record<string, string> | null;
  comment: string | null;
  practice: string | null;
}

export interface SessionRow {
  id: string;
  supervisorId: string;
  supervisorName: string;
  volunteerId: string;
  kind: 'session' | 'debrief';
  heldOn: string;
  topics: string[];
  wellbeing: number;
  privateNotes: string;
}

export interface Person {
  id: string;
  name: string;
  email: string;
}

const ratingCols = (
  p = '',
) => `${p}volunteer_id AS "volunteerId", ${p}competency_id AS "competencyId", ${p}level, ${p}status, ${p}evidence_ids AS "evidenceIds",
  ${p}signed_off_by AS "signedOffBy", ${p}signed_off_at AS "signedOffAt", ${p}valid_until AS "validUntil"`;
const RATING = ratingCols();
const REQUEST = `r.id, r.volunteer_id AS "volunteerId", u.name AS "volunteerName", r.competency_id AS "competencyId", r.origin, r.status, r.reflection,
  r.prior_learning_evidence_id AS "priorLearningEvidenceId", r.created_at AS "createdAt", r.decided_at AS "decidedAt", r.decided_by AS "decidedBy",
  r.level, r.scores, r.comment, r.practice`;

/** Every query of the competencies module. */
@Injectable()
export class CompetenciesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Who is in a rest week today: reminders wait until it ends (issue 21). */
  resting(at: Date, m?: EntityManager): Promise<Set<string>> {
    return restingUserIds(m ?? this.ds, at);
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  private q(m?: EntityManager) {
    return m ?? this.ds.manager;
  }

  // ---- people and cohorts

  /** Pass the transaction's manager when inside one: a second pool connection per transaction can exhaust the pool. */
  person(id: string, m?: EntityManager): Promise<Person | undefined> {
    return this.q(m)
      .query(`SELECT id, name, email FROM users WHERE id = $1`, [id])
      .then((r) => r[0]);
  }

  async hasMembership(userId: string, organizationId: string, role: string): Promise<boolean> {
    const rows = await this.ds.query(
      `SELECT 1 FROM memberships WHERE user_id = $1 AND organization_id = $2 AND role = $3`,
      [userId, organizationId, role],
    );
    return rows.length > 0;
  }

  /** The organization in which the supervisor supervises the volunteer (null when they do not). */
  async supervisingOrganization(
    supervisorId: string,
    volunteerId: string,
    m?: EntityManager,
  ): Promise<string | null> {
    const rows = await this.q(m).query(
      `SELECT organization_id AS "organizationId" FROM supervisor_assignments WHERE supervisor_id = $1 AND volunteer_id = $2 ORDER BY created_at, organization_id LIMIT 1`,
      [supervisorId, volunteerId],
    );
    return rows[0]?.organizationId ?? null;
  }

  async assign(
    organizationId: string,
    supervisorId: string,
    volunteerId: string,
    by: string,
  ): Promise<void> {
    await this.ds.query(
      `INSERT INTO supervisor_assignments (organization_id, supervisor_id, volunteer_id, assigned_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (organization_id, volunteer_id) DO UPDATE SET supervisor_id = EXCLUDED.supervisor_id, assigned_by = EXCLUDED.assigned_by, created_at = now()`,
      [organizationId, supervisorId, volunteerId, by],
    );
  }

  assignments(organizationIds: string[]): Promise<
    {
      volunteerId: string;
      volunteerName: string;
      supervisorId: string;
      supervisorName: string;
      organizationId: string;
    }[]
  > {
    return this.ds.query(
      `SELECT a.volunteer_id AS "volunteerId", v.name AS "volunteerName", a.supervisor_id AS "supervisorId", s.name AS "supervisorName", a.organization_id AS "organizationId"
         FROM supervisor_assignments a JOIN users v ON v.id = a.volunteer_id JOIN users s ON s.id = a.supervisor_id
        WHERE a.organization_id = ANY($1) ORDER BY s.name, v.name`,
      [organizationIds],
    );
  }

  cohort(supervisorId: string): Promise<Person[]> {
    return this.ds.query(
      `SELECT u.id, u.name, u.email FROM supervisor_assignments a JOIN users u ON u.id = a.volunteer_id
        WHERE a.supervisor_id = $1 AND u.disabled_at IS NULL ORDER BY u.name, u.id`,
      [supervisorId],
    );
  }

  /** A volunteer's supervisors (who get the auto-opened requests and the reminders' copies). */
  supervisorsOf(volunteerId: string, m?: EntityManager): Promise<Person[]> {
    return this.q(m).query(
      `SELECT u.id, u.name, u.email FROM supervisor_assignments a JOIN users u ON u.id = a.supervisor_id WHERE a.volunteer_id = $1`,
      [volunteerId],
    );
  }

  // ---- evidence (read inside the caller's transaction, so rows appended in it count)

  evidenceOf(
    volunteerId: string,
    competencyId: string | null,
    m?: EntityManager,
  ): Promise<EvidenceWithSubject[]> {
    // What each row is about, for people to read: the module of a knowledge check, the drill of an attempt
    // or a group session, and who recorded it.
    return this.q(m).query(
      `SELECT e.id, e.volunteer_id AS "volunteerId", e.competency_id AS "competencyId", e.source, e.source_ref AS "sourceRef", e.actor_id AS "actorId", e.level,
              e.grade::float8 AS grade, e.note, e.link, e.corrects_id AS "correctsId", e.created_at AS "createdAt",
              qa.module_id AS "moduleId", coalesce(da.drill_id, ds.drill_id) AS "drillId", a.name AS "actorName"
         FROM evidence e
         LEFT JOIN quiz_attempts qa ON e.source_ref LIKE 'quiz\\_attempt:%' AND qa.id::text = split_part(e.source_ref, ':', 2)
         LEFT JOIN drill_attempts da ON e.source_ref LIKE 'drill-attempt:%' AND da.id::text = split_part(e.source_ref, ':', 2)
         LEFT JOIN drill_sessions ds ON e.source_ref LIKE 'drill-session:%' AND ds.id::text = split_part(e.source_ref, ':', 2)
         LEFT JOIN users a ON a.id = e.actor_id
        WHERE e.volunteer_id = $1 AND ($2::text IS NULL OR e.competency_id = $2) ORDER BY e.created_at, e.id`,
      [volunteerId, competencyId],
    );
  }

  async everRequested(
    volunteerId: string,
    competencyId: string,
    m?: EntityManager,
  ): Promise<boolean> {
    return (
      (
        await this.q(m).query(
          `SELECT 1 FROM signoff_requests WHERE volunteer_id = $1 AND competency_id = $2 LIMIT 1`,
          [volunteerId, competencyId],
        )
      ).length > 0
    );
  }

  // ---- ratings

  ratings(volunteerId: string, m?: EntityManager): Promise<RatingRow[]> {
    return this.q(m).query(`SELECT ${RATING} FROM competency_ratings WHERE volunteer_id = $1`, [
      volunteerId,
    ]);
  }

  /** The cohort matrix in one query: every rating of a supervisor's volunteers (only the columns the matrix shows). */
  // valid_until comes as epoch milliseconds: parsing a thousand timestamps per request was a measurable part of its time.
  // The columns are those of the covering index competency_ratings_matrix (an index-only scan).
  cohortRatings(supervisorId: string): Promise<
    (Pick<RatingRow, 'volunteerId' | 'competencyId' | 'level' | 'status'> & {
      validUntilMs: number | null;
    })[]
  > {
    return this.ds.query(
      `SELECT r.volunteer_id AS "volunteerId", r.competency_id AS "competencyId", r.level, r.status, (extract(epoch FROM r.valid_until) * 1000)::float8 AS "validUntilMs"
         FROM supervisor_assignments a JOIN competency_ratings r ON r.volunteer_id = a.volunteer_id WHERE a.supervisor_id = $1`,
      [supervisorId],
    );
  }

  async upsertRating(m: EntityManager, r: RatingRow, now: Date): Promise<void> {
    await m.query(
      `INSERT INTO competency_ratings (volunteer_id, competency_id, level, status, evidence_ids, signed_off_by, signed_off_at, valid_until, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (volunteer_id, competency_id) DO UPDATE SET level = EXCLUDED.level, status = EXCLUDED.status, evidence_ids = EXCLUDED.evidence_ids,
         signed_off_by = EXCLUDED.signed_off_by, signed_off_at = EXCLUDED.signed_off_at, valid_until = EXCLUDED.valid_until, updated_at = EXCLUDED.updated_at`,
      [
        r.volunteerId,
        r.competencyId,
        r.level,
        r.status,
        r.evidenceIds,
        r.signedOffBy,
        r.signedOffAt,
        r.validUntil,
        now,
      ],
    );
  }

  /** Ratings whose validity ends by `until` and that are still current (the expiry job's work list). */
  expiringBy(
    until: Date,
    m?: EntityManager,
  ): Promise<(RatingRow & { email: string; name: string })[]> {
    return this.q(m).query(
      `SELECT ${ratingCols('r.')}, u.email, u.name
         FROM competency_ratings r JOIN users u ON u.id = r.volunteer_id
        WHERE r.status = 'current' AND r.valid_until IS NOT NULL AND r.valid_until <= $1 ORDER BY r.valid_until`,
      [until],
    );
  }

  /** Records a reminder; false when it was already sent (the key makes the job idempotent). */
  async markReminder(
    m: EntityManager,
    volunteerId: string,
    competencyId: string,
    validUntil: Date,
    kind: string,
    at: Date,
  ): Promise<boolean> {
    const rows = await m.query(
      `INSERT INTO reminders_sent (volunteer_id, competency_id, valid_until, kind, sent_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1`,
      [volunteerId, competencyId, validUntil, kind, at],
    );
    return rows.length > 0;
  }

  /** Runs `work` only if this instance wins the job's advisory lock (common/advisory-lock.ts). */
  withTryLock<T>(key: number, work: () => Promise<T>): Promise<T | undefined> {
    return withTryLock(this.ds, key, work);
  }

  programCounts(
    organizationIds: string[],
  ): Promise<{ competencyId: string; level: string; status: string; n: number }[]> {
    return this.ds.query(
      `SELECT r.competency_id AS "competencyId", r.level, r.status, count(*)::int AS n
         FROM competency_ratings r WHERE r.volunteer_id IN (SELECT user_id FROM memberships WHERE organization_id = ANY($1) AND role = 'volunteer')
        GROUP BY 1, 2, 3`,
      [organizationIds],
    );
  }

  expiringByMonth(organizationIds: string[], from: Date): Promise<{ month: string; n: number }[]> {
    return this.ds.query(
      `SELECT to_char(date_trunc('month', r.valid_until), 'YYYY-MM') AS month, count(*)::int AS n
         FROM competency_ratings r WHERE r.status = 'current' AND r.valid_until >= $2 AND r.valid_until < $2::timestamptz + interval '12 months'
          AND r.volunteer_id IN (SELECT user_id FROM memberships WHERE organization_id = ANY($1) AND role = 'volunteer')
        GROUP BY 1 ORDER BY 1`,
      [organizationIds, from],
    );
  }

  async turnaround(organizationIds: string[]): Promise<{
    decided: number;
    open: number;
    medianHours: number | null;
    p90Hours: number | null;
  }> {
    const [row] = await this.ds.query(
      `SELECT count(*) FILTER (WHERE status <> 'open')::int AS decided, count(*) FILTER (WHERE status = 'open')::int AS open,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - created_at) / 3600) FILTER (WHERE decided_at IS NOT NULL) AS median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - created_at) / 3600) FILTER (WHERE decided_at IS NOT NULL) AS p90
         FROM signoff_requests WHERE volunteer_id IN (SELECT user_id FROM memberships WHERE organization_id = ANY($1) AND role = 'volunteer')`,
      [organizationIds],
    );
    return {
      decided: row.decided,
      open: row.open,
      medianHours: row.median === null ? null : Number(row.median),
      p90Hours: row.p90 === null ? null : Number(row.p90),
    };
  }

  // ---- sign-off requests

  async openRequest(
    m: EntityManager,
    r: {
      volunteerId: string;
      competencyId: string;
      origin: 'volunteer' | 'auto';
      reflection: string | null;
      priorLearningEvidenceId: string | null;
      at: Date;
    },
  ): Promise<string | undefined> {
    const rows = await m.query(
      `INSERT INTO signoff_requests (volunteer_id, competency_id, origin, status, reflection, prior_learning_evidence_id, created_at)
       VALUES ($1, $2, $3, 'open', $4, $5, $6) ON CONFLICT (volunteer_id, competency_id) WHERE status = 'open' DO NOTHING RETURNING id`,
      [r.volunteerId, r.competencyId, r.origin, r.reflection, r.priorLearningEvidenceId, r.at],
    );
    return rows[0]?.id;
  }

  request(id: string, m?: EntityManager, lock = false): Promise<RequestRow | undefined> {
    return this.q(m)
      .query(
        `SELECT ${REQUEST} FROM signoff_requests r JOIN users u ON u.id = r.volunteer_id WHERE r.id = $1 ${lock ? 'FOR UPDATE OF r' : ''}`,
        [id],
      )
      .then((rows) => rows[0]);
  }

  requestsOf(volunteerId: string): Promise<RequestRow[]> {
    return this.ds.query(
      `SELECT ${REQUEST} FROM signoff_requests r JOIN users u ON u.id = r.volunteer_id WHERE r.volunteer_id = $1 ORDER BY r.created_at DESC LIMIT 200`,
      [volunteerId],
    );
  }

  /** Open requests of a supervisor's cohort, oldest first. */
  queue(supervisorId: string): Promise<RequestRow[]> {
    return this.ds.query(
      `SELECT ${REQUEST} FROM signoff_requests r JOIN users u ON u.id = r.volunteer_id
         JOIN supervisor_assignments a ON a.volunteer_id = r.volunteer_id AND a.supervisor_id = $1
        WHERE r.status = 'open' ORDER BY r.created_at, r.id`,
      [supervisorId],
    );
  }

  async decide(
    m: EntityManager,
    id: string,
    d: {
      status: 'practice' | 'signed_off';
      by: string;
      at: Date;
      level: string;
      scores: Record<string, string>;
      comment: string;
      practice: string | null;
      observationId: string | null;
    },
  ): Promise<void> {
    await m.query(
      `UPDATE signoff_requests SET status = $2, decided_by = $3, decided_at = $4, level = $5, scores = $6, comment = $7, practice = $8, observation_evidence_id = $9 WHERE id = $1`,
      [id, d.status, d.by, d.at, d.level, d.scores, d.comment, d.practice, d.observationId],
    );
  }

  // ---- supervision log

  async addSession(
    s: Omit<SessionRow, 'id' | 'supervisorName'>,
    m?: EntityManager,
  ): Promise<string> {
    const [row] = await this.q(m).query(
      `INSERT INTO supervision_sessions (supervisor_id, volunteer_id, kind, held_on, topics, wellbeing, private_notes) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [s.supervisorId, s.volunteerId, s.kind, s.heldOn, s.topics, s.wellbeing, s.privateNotes],
    );
    return row.id;
  }

  /** Sessions between one volunteer and (when given) one supervisor; notes are filtered by the service. */
  sessions(volunteerId: string, supervisorId: string | null): Promise<SessionRow[]> {
    return this.ds.query(
      `SELECT s.id, s.supervisor_id AS "supervisorId", u.name AS "supervisorName", s.volunteer_id AS "volunteerId", s.kind,
              to_char(s.held_on, 'YYYY-MM-DD') AS "heldOn", s.topics, s.wellbeing, s.private_notes AS "privateNotes"
         FROM supervision_sessions s JOIN users u ON u.id = s.supervisor_id
        WHERE s.volunteer_id = $1 AND ($2::uuid IS NULL OR s.supervisor_id = $2) ORDER BY s.held_on DESC, s.created_at DESC`,
      [volunteerId, supervisorId],
    );
  }
}
