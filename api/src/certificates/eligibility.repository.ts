import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { RatingFact } from '@kindred/certificates';
import type { CredentialState } from './credential.entity.js';
import { withTryLock } from '../common/advisory-lock.js';

export interface HeldRow {
  id: string;
  issuedAt: Date;
  validUntil: Date | null;
  state: CredentialState;
}

/** The facts eligibility is judged on (courses, drills, ratings) and what a volunteer already holds. */
@Injectable()
export class EligibilityRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async completedModules(userId: string): Promise<Set<string>> {
    const rows: { module_id: string }[] = await this.ds.query(
      `SELECT module_id FROM module_progress WHERE user_id = $1 AND status = 'completed'`,
      [userId],
    );
    return new Set(rows.map((r) => r.module_id));
  }

  async passedDrills(userId: string): Promise<string[]> {
    const rows: { drill_id: string }[] = await this.ds.query(
      `SELECT DISTINCT drill_id FROM drill_attempts WHERE volunteer_id = $1 AND status = 'finished' AND passed`,
      [userId],
    );
    return rows.map((r) => r.drill_id);
  }

  async ratings(userId: string): Promise<RatingFact[]> {
    const rows: Record<string, never>[] = await this.ds.query(
      `SELECT competency_id, level, status, signed_off_by, signed_off_at, valid_until FROM competency_ratings WHERE volunteer_id = $1`,
      [userId],
    );
    return rows.map((r) => ({
      competencyId: r.competency_id,
      level: r.level,
      status: r.status,
      signedOffBy: r.signed_off_by,
      signedOffAt: r.signed_off_at ? new Date(r.signed_off_at) : null,
      validUntil: r.valid_until ? new Date(r.valid_until) : null,
    }));
  }

  /** The newest certificate of the program that nothing has replaced (revoked ones included: they block automatic issuance). */
  async held(userId: string, programSlug: string): Promise<HeldRow | undefined> {
    const [row] = await this.ds.query(
      `SELECT id, issued_at, valid_until, state FROM credentials
        WHERE holder_user_id = $1 AND program_slug = $2 AND superseded_by IS NULL ORDER BY issued_at DESC LIMIT 1`,
      [userId, programSlug],
    );
    return row
      ? {
          id: row.id,
          issuedAt: new Date(row.issued_at),
          validUntil: row.valid_until ? new Date(row.valid_until) : null,
          state: row.state,
        }
      : undefined;
  }

  async requests(
    userId: string,
    programSlug: string,
  ): Promise<{ pending: boolean; declinedAt: Date | null }> {
    const [row] = await this.ds.query(
      `SELECT bool_or(status = 'pending') AS pending, max(decided_at) FILTER (WHERE status = 'declined') AS declined_at
         FROM certificate_requests WHERE holder_user_id = $1 AND program_slug = $2`,
      [userId, programSlug],
    );
    return {
      pending: Boolean(row?.pending),
      declinedAt: row?.declined_at ? new Date(row.declined_at) : null,
    };
  }

  /** The program organization the volunteer belongs to (the issuer of their certificates), if any. */
  async programOrganizationOf(userId: string): Promise<string | undefined> {
    const [row] = await this.ds.query(
      `SELECT o.id FROM memberships m JOIN organizations o ON o.id = m.organization_id JOIN users u ON u.id = m.user_id
        WHERE m.user_id = $1 AND m.role = 'volunteer' AND o.kind = 'program' AND u.disabled_at IS NULL
        ORDER BY o.created_at, o.id LIMIT 1`,
      [userId],
    );
    return row?.id;
  }

  /**
   * Volunteers the nightly sweep looks at: those with a current signed-off rating (nobody else can meet a
   * program, all of which require sign-offs), in a stable order.
   */
  async sweepCandidates(): Promise<string[]> {
    const rows: { volunteer_id: string }[] = await this.ds.query(
      `SELECT DISTINCT r.volunteer_id FROM competency_ratings r JOIN users u ON u.id = r.volunteer_id
        WHERE r.signed_off_by IS NOT NULL AND r.status = 'current' AND u.disabled_at IS NULL ORDER BY r.volunteer_id`,
    );
    return rows.map((r) => r.volunteer_id);
  }

  /** Runs `work` only if this instance wins the job's advisory lock (common/advisory-lock.ts). */
  withTryLock<T>(key: number, work: () => Promise<T>): Promise<T | undefined> {
    return withTryLock(this.ds, key, work);
  }
}
