import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditRepository, type AuditRow } from './audit.repository.js';
import { Clock } from '../common/clock.js';

export const GENESIS = '0'.repeat(64);

export interface AuditEntry {
  actorId: string | null;
  organizationId?: string | null;
  /** e.g. `competency.signed_off`, `credential.revoked` */
  action: string;
  subjectType: string;
  subjectId: string;
  data?: Record<string, unknown>;
}

/** A stable serialization (sorted keys) so the hash does not depend on key order. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function entryHash(row: Omit<AuditRow, 'seq' | 'hash'>): string {
  const at = row.at instanceof Date ? row.at.toISOString() : new Date(row.at).toISOString();
  const body = stable({ at, actor: row.actor_id, org: row.organization_id, action: row.action, type: row.subject_type, id: row.subject_id, data: row.data });
  return createHash('sha256').update(row.prev_hash + '\n' + body).digest('hex');
}

export interface ChainCheck {
  ok: boolean;
  entries: number;
  /** The first entry whose content or link does not match. */
  brokenAt?: string;
}

/**
 * The hash-chained audit log: each entry carries the hash of the one before it, so changing or removing
 * any entry breaks every hash after it. Appends happen inside the caller's transaction (all or nothing).
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly repo: AuditRepository,
    private readonly clock: Clock,
  ) {}

  async append(manager: EntityManager, entry: AuditEntry): Promise<void> {
    const prev = (await this.repo.lockAndLastHash(manager)) ?? GENESIS;
    const row = {
      at: new Date(Math.floor(this.clock.now().getTime())),
      actor_id: entry.actorId,
      organization_id: entry.organizationId ?? null,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      data: entry.data ?? {},
      prev_hash: prev,
    };
    await this.repo.insert(manager, { ...row, hash: entryHash(row) });
  }

  async verifyChain(): Promise<ChainCheck> {
    let prev = GENESIS;
    let entries = 0;
    for await (const row of this.repo.all()) {
      entries++;
      if (row.prev_hash !== prev || entryHash(row) !== row.hash) return { ok: false, entries, brokenAt: row.seq };
      prev = row.hash;
    }
    return { ok: true, entries };
  }
}
