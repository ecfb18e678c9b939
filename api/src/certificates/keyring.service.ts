import { Inject, Injectable } from '@nestjs/common';
import {
  exportKeyPair,
  generateIssuerKeyPair,
  sealKeyPair,
  unsealKeyPair,
  type IssuerKeyPair,
} from '@kindred/certificates';
import { CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { Clock } from '../common/clock.js';
import { CertificatesRepository } from './certificates.repository.js';
import type { SigningKey } from './signing-key.entity.js';

export interface OrgKey {
  row: SigningKey;
  key: IssuerKeyPair;
}

/**
 * Each organization's Ed25519 signing key: made on first need, its private half sealed with the
 * key-encryption key (bound to the did), unsealed into memory only when signing.
 */
@Injectable()
export class KeyringService {
  private readonly unsealed = new Map<string, Promise<IssuerKeyPair>>();
  private knownCache?: { at: number; dids: Promise<Set<string>> };

  constructor(
    private readonly repo: CertificatesRepository,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The organization's key for new credentials, created when it has none. */
  async activeKey(organizationId: string): Promise<OrgKey> {
    let row = await this.repo.activeKey(organizationId);
    if (!row) {
      await this.createKey(organizationId);
      row = await this.repo.activeKey(organizationId);
      if (!row) throw new Error(`no signing key for organization ${organizationId}`);
    }
    return { row, key: await this.unseal(row) };
  }

  async keyById(id: string): Promise<OrgKey> {
    const row = await this.repo.keyById(id);
    if (!row) throw new Error(`no signing key ${id}`);
    return { row, key: await this.unseal(row) };
  }

  /** Retires the active key (kept, so what it signed still verifies and its lists can still change) and makes a new one. */
  async rotate(organizationId: string): Promise<SigningKey> {
    const fresh = await generateIssuerKeyPair();
    await this.repo.transaction(async (m) => {
      await this.repo.retireActiveKey(m, organizationId, this.clock.now());
      await this.repo.insertKeyIfNone(m, this.rowFor(organizationId, fresh));
    });
    this.knownCache = undefined;
    return (await this.repo.activeKey(organizationId))!;
  }

  /** Every did Kindred has issued with (retired ones too); cached for a few seconds. */
  knownIssuers(): Promise<Set<string>> {
    const now = Date.now();
    if (!this.knownCache || now - this.knownCache.at > 10_000) {
      this.knownCache = { at: now, dids: this.repo.allDids().then((d) => new Set(d)) };
    }
    return this.knownCache.dids;
  }

  private async createKey(organizationId: string): Promise<void> {
    const key = await generateIssuerKeyPair();
    await this.repo.insertKeyIfNone(undefined, this.rowFor(organizationId, key));
    this.knownCache = undefined;
  }

  private rowFor(organizationId: string, key: IssuerKeyPair) {
    return {
      organizationId,
      did: key.did,
      publicKey: exportKeyPair(key) as unknown as Record<string, unknown>,
      sealedPrivate: sealKeyPair(key, this.config.kek),
    };
  }

  private unseal(row: SigningKey): Promise<IssuerKeyPair> {
    let key = this.unsealed.get(row.id);
    if (!key) {
      key = unsealKeyPair(row.sealedPrivate, this.config.kek, row.did);
      this.unsealed.set(row.id, key);
      key.catch(() => this.unsealed.delete(row.id));
    }
    return key;
  }
}
