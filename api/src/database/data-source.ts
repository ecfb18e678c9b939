import { DataSource, type DataSourceOptions } from 'typeorm';
import { Organization } from '../organizations/organization.entity.js';
import { Membership } from '../organizations/membership.entity.js';
import { User } from '../users/user.entity.js';
import { Invite } from '../auth/invite.entity.js';
import { PasswordReset } from '../auth/password-reset.entity.js';
import { OutboxMessage } from '../notifications/outbox-message.entity.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { ApiClient } from '../certificates/api-client.entity.js';
import { CertificateRequest } from '../certificates/certificate-request.entity.js';
import { CredentialRow } from '../certificates/credential.entity.js';
import { SigningKey } from '../certificates/signing-key.entity.js';
import { StatusListRow } from '../certificates/status-list.entity.js';
import { Foundation1763790000000 } from './migrations/1763790000000-foundation.js';
import { RateLimits1763790100000 } from './migrations/1763790100000-rate-limits.js';
import { EvidenceAndAudit1763790150000 } from './migrations/1763790150000-evidence-and-audit.js';
import { Courses1763790200000 } from './migrations/1763790200000-courses.js';
import { Certificates1763790300000 } from './migrations/1763790300000-certificates.js';
import { Competencies1763790400000 } from './migrations/1763790400000-competencies.js';
import { Drills1763790500000 } from './migrations/1763790500000-drills.js';
import { CredentialRenewal1763790600000 } from './migrations/1763790600000-credential-renewal.js';
import { PathwayLedger1763790700000 } from './migrations/1763790700000-pathway-ledger.js';
import { PathwayStates1763790750000 } from './migrations/1763790750000-pathway-states.js';
import { RequestPath1763790900000 } from './migrations/1763790900000-request-path.js';
import { LocaleFollowsBrowser1763791100000 } from './migrations/1763791100000-locale-follows-browser.js';
import { OutboxAttachments1763791000000 } from './migrations/1763791000000-outbox-attachments.js';
import { Notifications1763791500000 } from './migrations/1763791500000-notifications.js';
import { ReportingRules1763792400000 } from './migrations/1763792400000-reporting-rules.js';
import { QuizDrafts1763792200000 } from './migrations/1763792200000-quiz-drafts.js';
import { TrustBoundaries1763792500000 } from './migrations/1763792500000-trust-boundaries.js';
import { StatusMessages1765200000000 } from './migrations/1765200000000-status-messages.js';
import { ContentFeedback1765400000000 } from './migrations/1765400000000-content-feedback.js';
import { RevocationCategory1765100000000 } from './migrations/1765100000000-revocation-category.js';
import { Wellbeing1765500000000 } from './migrations/1765500000000-wellbeing.js';
import { BrowserLocale1765600000000 } from './migrations/1765600000000-browser-locale.js';
import { NetworkReach1765700000000 } from './migrations/1765700000000-network-reach.js';
import { WalletExchanges1765800000000 } from './migrations/1765800000000-wallet-exchanges.js';
import { IdempotencyKeys1766000020000 } from './migrations/1766000020000-idempotency-keys.js';
import { EveningReminders1766200000000 } from './migrations/1766200000000-evening-reminders.js';
import { SelfRatings1766300000000 } from './migrations/1766300000000-self-ratings.js';
import { COURSE_ENTITIES } from '../courses/courses.entity.js';

export const ENTITIES = [
  Organization,
  Membership,
  User,
  Invite,
  PasswordReset,
  OutboxMessage,
  ...COURSE_ENTITIES,
  SigningKey,
  StatusListRow,
  CredentialRow,
  CertificateRequest,
  ApiClient,
  AuditEntry,
];
export const MIGRATIONS = [
  Foundation1763790000000,
  RateLimits1763790100000,
  EvidenceAndAudit1763790150000,
  Courses1763790200000,
  Certificates1763790300000,
  Competencies1763790400000,
  Drills1763790500000,
  CredentialRenewal1763790600000,
  PathwayLedger1763790700000,
  PathwayStates1763790750000,
  RequestPath1763790900000,
  OutboxAttachments1763791000000,
  LocaleFollowsBrowser1763791100000,
  Notifications1763791500000,
  QuizDrafts1763792200000,
  ReportingRules1763792400000,
  TrustBoundaries1763792500000,
  RevocationCategory1765100000000,
  StatusMessages1765200000000,
  ContentFeedback1765400000000,
  Wellbeing1765500000000,
  BrowserLocale1765600000000,
  NetworkReach1765700000000,
  WalletExchanges1765800000000,
  IdempotencyKeys1766000020000,
  EveningReminders1766200000000,
  SelfRatings1766300000000,
];

/** `poolSize`: DATABASE_POOL_SIZE (config.ts) for the app's pool; the default for short-lived ones. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    extra: { max: poolSize, connectionTimeoutMillis: 5000 },
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
