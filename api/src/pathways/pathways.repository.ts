import { Injectable } from '@nestjs/common';
import { restingUserIds } from '../common/rest-week.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  dateOfDay,
  type CompetencyFact,
  type Day,
  type HoursEntry,
  type PathwayFacts,
  type PathwayState,
} from '@kindred/certificates';
import { withTryLock } from '../common/advisory-lock.js';

export interface Volunteer {
  id: string;
  name: string;
  email: string;
  organizationId: string;
  joinedOn: Day;
}

export interface Snapshot {
  userId: string;
  stageId: string;
  status: string;
  since: Day;
  renewals: number;
  validUntil: Day | null;
  renewalWindow: string | null;
}

/** Days since 1970-01-01 (UTC), computed in SQL so no date ever passes through a time zone. */
const DAY_OF_DATE = (col: string) => `(${col} - DATE '1970-01-01')::int`;
const DAY_OF_TS = (col: string) => `floor(extract(epoch FROM ${col}) / 86400)::int`;
const dateOf = (d: Day | null) => (d === null ? null : dateOfDay(d));

interface FactRow {
  u: string;
}

/** Every query of the pathways module: it reads courses, drills, ratings, supervision and the ledger; it writes only its own snapshots. */
@Injectable()
export class PathwaysRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Who is in a rest week today: reminders wait until it ends (issue 21). */
  resting(at: Date, m?: EntityManager): Promise<Set<string>> {
    return restingUserIds(m ?? this.ds, at);
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  /** Volunteers of the given organizations (all when `organizationIds` is null), one row each (their earliest membership). */
  volunteers(
    organizationIds: string[] | null,
    afterId = '',
    limit: number | null = null,
  ): Promise<Volunteer[]> {
    return this.ds.query(
      `SELECT DISTINCT ON (u.id) u.id, u.name, u.email, m.organization_id AS "organizationId", ${DAY_OF_TS('m.created_at')} AS "joinedOn"
         FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.role = 'volunteer' AND u.disabled_at IS NULL AND ($1::uuid[] IS NULL OR m.organization_id = ANY($1)) AND u.id > $2::uuid
        ORDER BY u.id, m.created_at LIMIT $3`,
      [organizationIds, afterId || '00000000-0000-0000-0000-000000000000', limit],
    );
  }

  async volunteer(userId: string): Promise<Volunteer | undefined> {
    const [row] = await this.ds.query(
      `SELECT u.id, u.name, u.email, m.organization_id AS "organizationId", ${DAY_OF_TS('coalesce(m.created_at, u.created_at)')} AS "joinedOn"
         FROM users u LEFT JOIN memberships m ON m.user_id = u.id AND m.role = 'volunteer'
        WHERE u.id = $1 ORDER BY m.created_at NULLS LAST LIMIT 1`,
      [userId],
    );
    return row;
  }

  /** Everything the engine reads, for many volunteers at once (one query per kind of fact). */
  async facts(people: { id: string; joinedOn: Day }[]): Promise<Map<string, PathwayFacts>> {
    const ids = people.map((p) => p.id);
    const out = new Map<string, PathwayFacts>(
      people.map((p) => [
        p.id,
        {
          joinedOn: p.joinedOn,
          courses: new Map(),
          drills: new Map(),
          competencies: new Map(),
          practice: [],
          supervision: [],
          ce: [],
        },
      ]),
    );
    const get = (id: string) => out.get(id)!;
    const [courses, drills, ratings, signoffs, practice, sessions, ce] = await Promise.all([
      // a course counts once every one of its modules is completed, on the day of the last one
      this.ds.query<(FactRow & { slug: string; d: Day })[]>(
        `SELECT p.user_id AS u, c.slug, ${DAY_OF_TS('max(p.completed_at)')} AS d
           FROM module_progress p JOIN modules m ON m.id = p.module_id JOIN courses c ON c.id = m.course_id
          WHERE p.user_id = ANY($1) AND p.status = 'completed'
          GROUP BY p.user_id, c.id, c.slug
         HAVING count(*) = (SELECT count(*) FROM modules m2 WHERE m2.course_id = c.id)`,
        [ids],
      ),
      this.ds.query<(FactRow & { id: string; d: Day })[]>(
        `SELECT volunteer_id AS u, drill_id AS id, ${DAY_OF_TS('min(finished_at)')} AS d FROM drill_attempts
          WHERE volunteer_id = ANY($1) AND passed AND finished_at IS NOT NULL GROUP BY volunteer_id, drill_id`,
        [ids],
      ),
      this.ds.query<
        (FactRow & { id: string; level: string; current: boolean; signed: boolean; d: Day })[]
      >(
        `SELECT volunteer_id AS u, competency_id AS id, level, status = 'current' AS current, signed_off_by IS NOT NULL AS signed,
                ${DAY_OF_TS('coalesce(signed_off_at, updated_at)')} AS d
           FROM competency_ratings WHERE volunteer_id = ANY($1)`,
        [ids],
      ),
      this.ds.query<(FactRow & { id: string; level: string; current: boolean; d: Day })[]>(
        `SELECT s.volunteer_id AS u, s.competency_id AS id, s.level, coalesce(r.status = 'current', false) AS current, ${DAY_OF_TS('s.decided_at')} AS d
           FROM signoff_requests s LEFT JOIN competency_ratings r ON r.volunteer_id = s.volunteer_id AND r.competency_id = s.competency_id
          WHERE s.volunteer_id = ANY($1) AND s.status = 'signed_off' AND s.level IS NOT NULL AND s.decided_at IS NOT NULL`,
        [ids],
      ),
      // the bulk of the rows (hours, sessions, CE): one JSON array per volunteer, far cheaper to parse than a row each
      this.ds.query<(FactRow & { j: string })[]>(
        `SELECT volunteer_user_id AS u, json_agg(json_build_array(${DAY_OF_DATE('worked_on')}, hours::float8, category) ORDER BY worked_on, created_at)::text AS j
           FROM practice_hours WHERE volunteer_user_id = ANY($1) AND status = 'verified' GROUP BY volunteer_user_id`,
        [ids],
      ),
      this.ds.query<(FactRow & { j: string })[]>(
        `SELECT volunteer_id AS u, json_agg(${DAY_OF_DATE('held_on')} ORDER BY held_on)::text AS j FROM supervision_sessions
          WHERE volunteer_id = ANY($1) AND kind = 'session' GROUP BY volunteer_id`,
        [ids],
      ),
      this.ds.query<(FactRow & { j: string })[]>(
        `SELECT user_id AS u, json_agg(json_build_array(${DAY_OF_DATE('completed_on')}, hours::float8, category) ORDER BY completed_on, created_at)::text AS j
           FROM ce_entries WHERE user_id = ANY($1) AND status = 'approved' GROUP BY user_id`,
        [ids],
      ),
    ]);
    for (const r of courses) (get(r.u).courses as Map<string, Day>).set(r.slug, r.d);
    for (const r of drills) (get(r.u).drills as Map<string, Day>).set(r.id, r.d);
    const comp = (u: string, id: string, f: CompetencyFact) => {
      const m = get(u).competencies as Map<string, CompetencyFact[]>;
      m.set(id, [...(m.get(id) ?? []), f]);
    };
    for (const r of ratings)
      comp(r.u, r.id, { level: r.level, signedOff: r.signed, on: r.d, current: r.current });
    for (const r of signoffs)
      comp(r.u, r.id, { level: r.level, signedOff: true, on: r.d, current: r.current });
    const entries = (j: string): HoursEntry[] =>
      (JSON.parse(j) as [Day, number, string][]).map(([on, hours, category]) => ({
        on,
        hours,
        category,
      }));
    for (const r of practice) get(r.u).practice = entries(r.j);
    for (const r of sessions) get(r.u).supervision = JSON.parse(r.j) as Day[];
    for (const r of ce) get(r.u).ce = entries(r.j);
    return out;
  }

  /** Submitted (not yet verified or returned) practice hours per volunteer. */
  async awaitingVerification(userIds: string[]): Promise<Map<string, number>> {
    const rows: { u: string; h: number }[] = await this.ds.query(
      `SELECT volunteer_user_id AS u, sum(hours)::float8 AS h FROM practice_hours WHERE volunteer_user_id = ANY($1) AND status = 'submitted' GROUP BY volunteer_user_id`,
      [userIds],
    );
    return new Map(rows.map((r) => [r.u, r.h]));
  }

  async snapshots(
    m: EntityManager,
    pathway: string,
    userIds: string[],
  ): Promise<Map<string, Snapshot>> {
    const rows: Snapshot[] = await m.query(
      `SELECT user_id AS "userId", stage_id AS "stageId", status, ${DAY_OF_DATE('since')} AS since, renewals,
              ${DAY_OF_DATE('valid_until')} AS "validUntil", renewal_window AS "renewalWindow"
         FROM pathway_states WHERE pathway_slug = $1 AND user_id = ANY($2) FOR UPDATE`,
      [pathway, userIds],
    );
    return new Map(rows.map((r) => [r.userId, r]));
  }

  /** Upserts many snapshots in one statement. */
  async saveSnapshots(
    m: EntityManager,
    rows: { userId: string; organizationId: string | null; state: PathwayState }[],
    at: Date,
  ): Promise<void> {
    if (!rows.length) return;
    const json = rows.map(({ userId, organizationId, state: s }) => ({
      user_id: userId,
      pathway_slug: s.pathway,
      organization_id: organizationId,
      stage_id: s.stageId,
      status: s.status,
      since: dateOf(s.since),
      next_stage_id: s.next?.stageId ?? null,
      next_deadline: dateOf(s.next?.deadline ?? null),
      missing: s.missing,
      valid_until: dateOf(s.renewal?.validUntil ?? null),
      renewal_window: s.renewal?.window ?? null,
      renewals: s.renewal?.renewals ?? 0,
    }));
    await m.query(
      `INSERT INTO pathway_states (user_id, pathway_slug, organization_id, stage_id, status, since, next_stage_id, next_deadline, missing, valid_until, renewal_window, renewals, computed_at)
       SELECT x.user_id, x.pathway_slug, x.organization_id, x.stage_id, x.status, x.since, x.next_stage_id, x.next_deadline, x.missing, x.valid_until, x.renewal_window, x.renewals, $2
         FROM jsonb_to_recordset($1::jsonb) AS x(user_id uuid, pathway_slug text, organization_id uuid, stage_id text, status text, since date, next_stage_id text,
              next_deadline date, missing int, valid_until date, renewal_window text, renewals int)
       ON CONFLICT (user_id, pathway_slug) DO UPDATE SET organization_id = EXCLUDED.organization_id, stage_id = EXCLUDED.stage_id, status = EXCLUDED.status,
         since = EXCLUDED.since, next_stage_id = EXCLUDED.next_stage_id, next_deadline = EXCLUDED.next_deadline, missing = EXCLUDED.missing,
         valid_until = EXCLUDED.valid_until, renewal_window = EXCLUDED.renewal_window, renewals = EXCLUDED.renewals, computed_at = EXCLUDED.computed_at`,
      [JSON.stringify(json), at],
    );
  }

  /** The reminders already sent to these people, as `user|pathway|valid_until|kind` (so the nightly run opens no transaction for them). */
  async remindersSent(userIds: string[]): Promise<Set<string>> {
    const rows: { k: string }[] = await this.ds.query(
      `SELECT user_id || '|' || pathway_slug || '|' || ${DAY_OF_DATE('valid_until')} || '|' || kind AS k FROM pathway_reminders_sent WHERE user_id = ANY($1)`,
      [userIds],
    );
    return new Set(rows.map((r) => r.k));
  }

  /** Records a reminder; false when it was already sent (the job's idempotence). */
  async markReminder(
    m: EntityManager,
    userId: string,
    pathway: string,
    validUntil: Day,
    kind: string,
    at: Date,
  ): Promise<boolean> {
    const rows = await m.query(
      `INSERT INTO pathway_reminders_sent (user_id, pathway_slug, valid_until, kind, sent_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1 AS ok`,
      [userId, pathway, dateOf(validUntil), kind, at],
    );
    return rows.length > 0;
  }

  /** The holder of a credential and its program (for the public verification answer). */
  async credentialHolder(
    credentialId: string,
  ): Promise<{ holderUserId: string | null; programSlug: string | null } | undefined> {
    const [row] = await this.ds.query(
      `SELECT holder_user_id AS "holderUserId", program_slug AS "programSlug" FROM credentials WHERE id = $1`,
      [credentialId],
    );
    return row;
  }

  /** Runs `work` only if this instance wins the job's advisory lock (common/advisory-lock.ts). */
  withTryLock<T>(key: number, work: () => Promise<T>): Promise<T | undefined> {
    return withTryLock(this.ds, key, work);
  }
}
