import { DataSource, type DataSourceOptions } from 'typeorm';
import { Organization } from '../organizations/organization.entity.js';
import { Membership } from '../organizations/membership.entity.js';
import { User } from '../users/user.entity.js';
import { Invite } from '../auth/invite.entity.js';
import { PasswordReset } from '../auth/password-reset.entity.js';
import { OutboxMessage } from '../notifications/outbox-message.entity.js';
import { Foundation1763790000000 } from './migrations/1763790000000-foundation.js';
import { RateLimits1763790100000 } from './migrations/1763790100000-rate-limits.js';
import { EvidenceAndAudit1763790150000 } from './migrations/1763790150000-evidence-and-audit.js';
import { Competencies1763790400000 } from './migrations/1763790400000-competencies.js';

export const ENTITIES = [Organization, Membership, User, Invite, PasswordReset, OutboxMessage];
export const MIGRATIONS = [Foundation1763790000000, RateLimits1763790100000, EvidenceAndAudit1763790150000, Competencies1763790400000];

export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    extra: { max: Number(process.env.DATABASE_POOL_SIZE ?? 10), connectionTimeoutMillis: 5000 },
  };
}

/** Applies every pending migration, each in its own transaction. */
export async function migrate(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
