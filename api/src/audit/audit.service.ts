import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from '@kindred/certificates';
import { createHash } from 'node:crypto';
import { Clock } from '../common/clock.js';
import { AuditEntry } from './audit-entry.entity.js';
import { AuditRepository } from './audit.repository.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  organizationId: string | null;
  actor: string;
  action: string;
  subject: string;
  details?: Record<string, unknown>;
}

export interface ChainReport {
  intact: boolean;
  entries: number;
  /** the first line whose hash or link does not match, when the chain is broken */
  brokenAt?: number;
  problem?: string;
}

/** What a line's hash covers: its content and the previous line's hash, in canonical JSON. */
export function entryHash(
  e: Pick<
    AuditEntry,
    'seq' | 'at' | 'organizationId' | 'actor' | 'action' | 'subject' | 'details' | 'prevHash'
  >,
): string {
  const content = {
    seq: String(e.seq),
    at: e.at.toISOString(),
    organizationId: e.organizationId,
    actor: e.actor,
    action: e.action,
    subject: e.subject,
    details: e.details,
  };
  return createHash('sha256')
    .update(`${e.prevHash}\n${canonicalJson(content)}`)
    .digest('hex');
}

/** The append-only, hash-chained log of credential- and security-relevant actions. */
@Injectable()
export class AuditService {
  constructor(
    private readonly repo: AuditRepository,
    private readonly clock: Clock,
  ) {}

  /** Appends within the caller's transaction, so the action and its audit line commit together or not at all. */
  async append(manager: EntityManager, input: AuditInput): Promise<void> {
    const tail = await this.repo.lockTail(manager);
    const entry = Object.assign(new AuditEntry(), {
      seq: String((tail?.seq ?? 0) + 1),
      at: this.clock.now(),
      organizationId: input.organizationId,
      actor: input.actor,
      action: input.action,
      subject: input.subject,
      details: input.details ?? {},
      prevHash: tail?.hash ?? GENESIS_HASH,
    });
    entry.hash = entryHash(entry);
    await this.repo.insert(manager, entry);
  }

  /** Appends several lines at once (one lock, one tail read, one insert per 500 lines): for sweeps that record many changes in one transaction. */
  async appendMany(manager: EntityManager, inputs: AuditInput[]): Promise<void> {
    if (!inputs.length) return;
    const tail = await this.repo.lockTail(manager);
    let seq = tail?.seq ?? 0;
    let prev = tail?.hash ?? GENESIS_HASH;
    const at = this.clock.now();
    const entries = inputs.map((input) => {
      const entry = Object.assign(new AuditEntry(), {
        seq: String(++seq),
        at,
        organizationId: input.organizationId,
        actor: input.actor,
        action: input.action,
        subject: input.subject,
        details: input.details ?? {},
        prevHash: prev,
      });
      entry.hash = entryHash(entry);
      prev = entry.hash;
      return entry;
    });
    for (let i = 0; i < entries.length; i += 500)
      await this.repo.insertMany(manager, entries.slice(i, i + 500));
  }

  /** Recomputes every hash and link from the start; any edited, removed or inserted line breaks it. */
  async verifyChain(): Promise<ChainReport> {
    let prev = GENESIS_HASH;
    let expectedSeq = 1;
    let entries = 0;
    for (
      let page = await this.repo.page(0, 1000);
      page.length;
      page = await this.repo.page(Number(page[page.length - 1].seq), 1000)
    ) {
      for (const e of page) {
        const seq = Number(e.seq);
        if (seq !== expectedSeq)
          return {
            intact: false,
            entries,
            brokenAt: seq,
            problem: `line ${expectedSeq} is missing`,
          };
        if (e.prevHash !== prev)
          return {
            intact: false,
            entries,
            brokenAt: seq,
            problem: `line ${seq} does not link to the line before it`,
          };
        if (entryHash(e) !== e.hash)
          return {
            intact: false,
            entries,
            brokenAt: seq,
            problem: `line ${seq} was changed after it was written`,
          };
        prev = e.hash;
        expectedSeq++;
        entries++;
      }
    }
    return { intact: true, entries };
  }

  forSubject(subject: string): Promise<AuditEntry[]> {
    return this.repo.forSubject(subject);
  }
}
