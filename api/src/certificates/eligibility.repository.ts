import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import type { DataSource } from 'typeorm';
import type { RatingFact } from '@kindred/certificates';
import type { CredentialState } from './credential.entity.js';
import { withTryLock } from '../common/advisory-lock.js';
import { db, first, rows } from '../database/sql.js';

/** The newest certificate of a program a volunteer holds (typed from the schema). */
export type HeldRow = NonNullable<Awaited<ReturnType<EligibilityRepository['held']>>>;

/** The facts eligibility is judged on (courses, drills, ratings) and what a volunteer already holds. */
@Injectable()
export class EligibilityRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async completedModules(userId: string): Promise<Set<string>> {
    const found = await rows(
      this.ds,
      db
        .selectFrom('module_progress')
        .select('module_id')
        .where('user_id', '=', userId)
        .where('status', '=', 'completed'),
    );
    return new Set(found.map((r) => r.module_id));
  }

  async passedDrills(userId: string): Promise<string[]> {
    const found = await rows(
      this.ds,
      db
        .selectFrom('drill_attempts')
        .select('drill_id')
        .distinct()
        .where('volunteer_id', '=', userId)
        .where('status', '=', 'finished')
        .where('passed', '=', true),
    );
    return found.map((r) => r.drill_id);
  }

  ratings(userId: string): Promise<RatingFact[]> {
    return rows(
      this.ds,
      db
        .selectFrom('competency_ratings')
        .select([
          'competency_id as competencyId',
          'level',
          'status',
          'signed_off_by as signedOffBy',
          'signed_off_at as signedOffAt',
          'valid_until as validUntil',
        ])
        .where('volunteer_id', '=', userId)
        .$narrowType<{ status: RatingFact['status'] }>(),
    );
  }

  /** The newest certificate of the program that nothing has replaced (revoked ones included: they block automatic issuance). */
  held(userId: string, programSlug: string) {
    return first(
      this.ds,
      db
        .selectFrom('credentials')
        .select(['id', 'issued_at as issuedAt', 'valid_until as validUntil', 'state'])
        .where('holder_user_id', '=', userId)
        .where('program_slug', '=', programSlug)
        .where('superseded_by', 'is', null)
        .orderBy('issued_at', 'desc')
        .limit(1)
        .$narrowType<{ state: CredentialState }>(),
    );
  }

  async requests(
    userId: string,
    programSlug: string,
  ): Promise<{ pending: boolean; declinedAt: Date | null }> {
    const row = await first(
      this.ds,
      db
        .selectFrom('certificate_requests')
        .select([
          sql<boolean | null>`bool_or(status = 'pending')`.as('pending'),
          sql<Date | null>`max(decided_at) FILTER (WHERE status = 'declined')`.as('declinedAt'),
        ])
        .where('holder_user_id', '=', userId)
        .where('program_slug', '=', programSlug),
    );
    return { pending: Boolean(row?.pending), declinedAt: row?.declinedAt ?? null };
  }

  /** The program organization the volunteer belongs to (the issuer of their certificates), if any. */
  async programOrganizationOf(userId: string): Promise<string | undefined> {
    const row = await first(
      this.ds,
      db
        .selectFrom('memberships as m')
        .innerJoin('organizations as o', 'o.id', 'm.organization_id')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select('o.id')
        .where('m.user_id', '=', userId)
        .where('m.role', '=', 'volunteer')
        .where('o.kind', '=', 'program')
        .where('u.disabled_at', 'is', null)
        .orderBy('o.created_at')
        .orderBy('o.id')
        .limit(1),
    );
    return row?.id;
  }

  /**
   * Volunteers the nightly sweep looks at: those with a current signed-off rating (nobody else can meet a
   * program, all of which require sign-offs), in a stable order.
   */
  async sweepCandidates(): Promise<string[]> {
    const found = await rows(
      this.ds,
      db
        .selectFrom('competency_ratings as r')
        .innerJoin('users as u', 'u.id', 'r.volunteer_id')
        .select('r.volunteer_id')
        .distinct()
        .where('r.signed_off_by', 'is not', null)
        .where('r.status', '=', 'current')
        .where('u.disabled_at', 'is', null)
        .orderBy('r.volunteer_id'),
    );
    return found.map((r) => r.volunteer_id);
  }

  /**
   * What a university reads beside a co-issued request, for many holders at once (one query per
   * kind): completed modules, the latest passing attempt of each drill, ratings with who signed them
   * off, certificates revoked, suspended or expired, declined requests with their reason, lapses.
   */
  recordsOf(holders: string[], now: Date) {
    const anyHolder = sql<string>`ANY(${holders})`;
    return Promise.all([
      rows(
        this.ds,
        db
          .selectFrom('module_progress')
          .select(['user_id', 'module_id', 'completed_at'])
          .where('user_id', '=', anyHolder)
          .where('status', '=', 'completed'),
      ),
      rows(
        this.ds,
        db
          .selectFrom('drill_attempts')
          .distinctOn(['volunteer_id', 'drill_id'])
          .select(['volunteer_id', 'drill_id', 'finished_at', 'score', 'max_score'])
          .where('volunteer_id', '=', anyHolder)
          .where('status', '=', 'finished')
          .where('passed', '=', true)
          .orderBy('volunteer_id')
          .orderBy('drill_id')
          .orderBy('finished_at', 'desc'),
      ),
      rows(
        this.ds,
        db
          .selectFrom('competency_ratings as r')
          .leftJoin('users as s', 's.id', 'r.signed_off_by')
          .select([
            'r.volunteer_id',
            'r.competency_id',
            'r.level',
            'r.status',
            'r.signed_off_by',
            'r.signed_off_at',
            'r.valid_until',
            's.name as signer_name',
          ])
          .where('r.volunteer_id', '=', anyHolder)
          .$narrowType<{ status: RatingFact['status'] }>(),
      ),
      rows(
        this.ds,
        db
          .selectFrom('credentials')
          .select([
            'holder_user_id',
            'program_slug',
            'state',
            'state_changed_at',
            'valid_until',
            // the signed name as JSON: a string, or language values (picked in the reader's language)
            sql`signed->'name'`.as('name'),
          ])
          .where('holder_user_id', '=', anyHolder)
          .where('superseded_by', 'is', null)
          .where((eb) =>
            eb.or([eb('state', 'in', ['revoked', 'suspended']), eb('valid_until', '<', now)]),
          )
          .$narrowType<{ state: CredentialState }>(),
      ),
      rows(
        this.ds,
        db
          .selectFrom('certificate_requests as r')
          .leftJoin('audit_log as a', (j) =>
            j
              .on('a.subject', '=', sql<string>`'certificate-request:' || r.id`)
              .on('a.action', '=', 'certificate.decline'),
          )
          .select([
            'r.holder_user_id',
            'r.co_issuer_organization_id',
            'r.program_slug',
            'r.decided_at',
            sql<string | null>`a.details->>'reason'`.as('reason'),
          ])
          .where('r.holder_user_id', '=', anyHolder)
          .where('r.status', '=', 'declined')
          .orderBy('r.decided_at', 'desc'),
      ),
      rows(
        this.ds,
        db
          .selectFrom('pathway_states')
          .select(['user_id', 'pathway_slug', 'since'])
          .where('user_id', '=', anyHolder)
          .where('status', '=', 'lapsed'),
      ),
    ]);
  }

  /** Runs `work` only if this instance wins the job's advisory lock (common/advisory-lock.ts). */
  withTryLock<T>(key: number, work: () => Promise<T>): Promise<T | undefined> {
    return withTryLock(this.ds, key, work);
  }
}
