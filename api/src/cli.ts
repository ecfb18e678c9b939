/**
 * Operator commands (`pnpm kindred …`), run on the server with the app's own settings (config.ts):
 *
 *   pnpm kindred org create --kind program|university --name "Name" --coordinator-email a@b.org
 *                           [--coordinator-name "Name"] [--slug slug] [--url https://…]
 *
 * creates an organization and prints the invitation link of its first coordinator (who then invites the
 * others). The link is a secret: give it to that person only. It works once, for 7 days; only its hash is
 * stored.
 *
 *   pnpm kindred org allow-unrevocable <slug or id> [--off]
 *
 * lets that organization's API clients issue credentials with no status entry (`options.credentialStatus: []`),
 * which can never be revoked or suspended; `--off` takes that back (credentials issued meanwhile stay as they
 * are). Each change is a line in the audit log (actor `operator`).
 *
 * The database is DATABASE_URL, or the embedded one of KINDRED_DATA_DIR (the running app's, when it
 * runs; otherwise it is started for the command and stopped after).
 */
import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { startEmbeddedPostgres } from './database/embedded.js';
import { migrate } from './database/data-source.js';
import { newLinkToken } from './common/tokens.js';
import { affected, db, first, pgRunner, statement, type Runner } from './database/sql.js';
import { AUDIT_LOCK } from './audit/audit.repository.js';
import { entryHash, GENESIS_HASH } from './audit/audit.service.js';

const INVITE_DAYS = 7;
const USAGE = [
  'usage: pnpm kindred org create --kind program|university --name "Name" --coordinator-email a@b.org [--coordinator-name "Name"] [--slug slug] [--url https://…]',
  '       pnpm kindred org allow-unrevocable <organization slug or id> [--off]',
].join('\n');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class UsageError extends Error {}

export interface CreatedOrganization {
  organizationId: string;
  slug: string;
  inviteLink: string;
}

const slugOf = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

/** Creates the organization and its first coordinator's invitation, in one transaction. */
export async function createOrganization(
  client: pg.ClientBase,
  publicOrigin: string,
  input: {
    kind: string;
    name: string;
    email: string;
    coordinatorName?: string;
    slug?: string;
    url?: string;
  },
): Promise<CreatedOrganization> {
  if (input.kind !== 'program' && input.kind !== 'university')
    throw new UsageError(`--kind must be program or university, got "${input.kind}"`);
  const name = input.name.trim();
  if (!name || name.length > 200)
    throw new UsageError('--name is required (at most 200 characters)');
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254)
    throw new UsageError('--coordinator-email must be an e-mail address');
  const slug = input.slug ?? slugOf(name);
  if (!/^[a-z0-9-]{2,60}$/.test(slug))
    throw new UsageError('--slug must be 2-60 lowercase letters, digits or dashes');
  if (input.url !== undefined && !/^https?:\/\/\S+$/.test(input.url))
    throw new UsageError('--url must start with http:// or https://');
  const { token, hash } = newLinkToken();
  const on = pgRunner(client);
  return transaction(on, async () => {
    const taken = await first(
      on,
      db.selectFrom('organizations').select('id').where('slug', '=', slug),
    );
    if (taken) throw new UsageError(`an organization with the slug "${slug}" already exists`);
    const org = await first(
      on,
      db
        .insertInto('organizations')
        .values({ slug, name, kind: input.kind, url: input.url ?? null })
        .returning('id'),
    );
    const organizationId = org!.id;
    await affected(
      on,
      db.insertInto('invites').values({
        token_hash: hash,
        email,
        name: input.coordinatorName?.trim() || email,
        organization_id: organizationId,
        role: 'coordinator',
        invited_by: null,
        expires_at: sql<Date>`now() + make_interval(days => ${INVITE_DAYS})`,
      }),
    );
    return { organizationId, slug, inviteLink: `${publicOrigin}/invite/${token}` };
  });
}

export interface UnrevocableSetting {
  organizationId: string;
  slug: string;
  name: string;
  allow: boolean;
  /** false when the organization already had that setting (nothing written, no audit line) */
  changed: boolean;
}

/**
 * Sets organizations.allow_unrevocable_credentials of the organization with this slug or id, with an audit
 * line (actor `operator`) in the same transaction. An unknown organization is a UsageError naming it.
 */
export async function setAllowUnrevocable(
  client: pg.ClientBase,
  ref: string,
  allow: boolean,
): Promise<UnrevocableSetting> {
  const key = ref.trim();
  if (!key) throw new UsageError('give the organization’s slug or id');
  const on = pgRunner(client);
  return transaction(on, async () => {
    const org = await first(
      on,
      db
        .selectFrom('organizations')
        .select(['id', 'slug', 'name', 'allow_unrevocable_credentials as allowed'])
        .where(UUID.test(key) ? 'id' : 'slug', '=', key)
        .forUpdate(),
    );
    if (!org) {
      const known = await first(
        on,
        db
          .selectFrom('organizations')
          .select((eb) => [
            eb.fn.count<string>('id').as('n'),
            sql<string>`string_agg(slug, ', ' ORDER BY slug)`.as('slugs'),
          ]),
      );
      throw new UsageError(
        `no organization has the slug or id "${key}"` +
          (known?.slugs ? ` (the organizations' slugs: ${known.slugs})` : ' (there are none yet)'),
      );
    }
    const setting = { organizationId: org.id, slug: org.slug, name: org.name, allow };
    if (org.allowed === allow) return { ...setting, changed: false };
    await affected(
      on,
      db
        .updateTable('organizations')
        .set({ allow_unrevocable_credentials: allow })
        .where('id', '=', org.id),
    );
    await appendAudit(on, {
      organizationId: org.id,
      action: allow
        ? 'organization.unrevocable_credentials_allowed'
        : 'organization.unrevocable_credentials_refused',
      subject: `organization:${org.id}`,
      details: { slug: org.slug, allowUnrevocableCredentials: allow },
    });
    return { ...setting, changed: true };
  });
}

async function transaction<T>(on: Runner, work: () => Promise<T>): Promise<T> {
  await statement(on, sql`BEGIN`);
  try {
    const result = await work();
    await statement(on, sql`COMMIT`);
    return result;
  } catch (e) {
    await statement(on, sql`ROLLBACK`).catch(() => undefined);
    throw e;
  }
}

/** One line of the hash-chained audit log, as AuditService.append writes it, by the operator (inside a transaction). */
async function appendAudit(
  on: Runner,
  input: {
    organizationId: string;
    action: string;
    subject: string;
    details: { slug: string; allowUnrevocableCredentials: boolean };
  },
): Promise<void> {
  await first(on, db.selectNoFrom(sql`pg_advisory_xact_lock(${AUDIT_LOCK})`.as('locked')));
  const tail = await first(
    on,
    db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1),
  );
  const line = {
    seq: String(Number(tail?.seq ?? 0) + 1),
    at: new Date(),
    organizationId: input.organizationId,
    actor: 'operator',
    action: input.action,
    subject: input.subject,
    details: input.details,
    prevHash: tail?.hash ?? GENESIS_HASH,
  };
  await affected(
    on,
    db.insertInto('audit_log').values({
      seq: line.seq,
      at: line.at,
      organization_id: line.organizationId,
      actor: line.actor,
      action: line.action,
      subject: line.subject,
      details: line.details,
      prev_hash: line.prevHash,
      hash: entryHash(line),
    }),
  );
}

/** The running embedded server of this data directory (port from postmaster.pid), if there is one. */
function runningEmbedded(dataDir: string): string | undefined {
  const pidFile = join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(lines[0]), 0);
  } catch {
    return undefined;
  }
  const password = readFileSync(join(dataDir, 'pg-password'), 'utf8').trim();
  return `postgres://kindred:${encodeURIComponent(password)}@127.0.0.1:${Number(lines[3])}/kindred`;
}

async function withDatabase<T>(config: AppConfig, work: (url: string) => Promise<T>): Promise<T> {
  const url = config.databaseUrl ?? runningEmbedded(config.dataDir);
  if (url) return work(url);
  const embedded = await startEmbeddedPostgres(config.dataDir);
  try {
    await migrate(embedded.url);
    return await work(embedded.url);
  } finally {
    await embedded.stop();
  }
}

export async function runCli(argv: string[], env = process.env): Promise<number> {
  const [group, verb, ...rest] = argv;
  if (group === 'org' && verb === 'allow-unrevocable') return allowUnrevocable(rest, env);
  if (group !== 'org' || verb !== 'create') throw new UsageError(USAGE);
  const { values } = parseArgs({
    args: rest,
    options: {
      kind: { type: 'string' },
      name: { type: 'string' },
      'coordinator-email': { type: 'string' },
      'coordinator-name': { type: 'string' },
      slug: { type: 'string' },
      url: { type: 'string' },
    },
    strict: true,
  });
  if (!values.kind || !values.name || !values['coordinator-email']) throw new UsageError(USAGE);
  const config = loadConfig(env, env.INIT_CWD ?? process.cwd());
  const created = await withDatabase(config, async (url) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await createOrganization(client, config.publicOrigin, {
        kind: values.kind!,
        name: values.name!,
        email: values['coordinator-email']!,
        coordinatorName: values['coordinator-name'],
        slug: values.slug,
        url: values.url,
      });
    } finally {
      await client.end();
    }
  });
  console.log(`Created the ${values.kind} "${values.name}" (slug ${created.slug}).`);
  console.log(
    `Invitation for its first coordinator (${values['coordinator-email']}); a secret, for that person only, usable once within ${INVITE_DAYS} days:`,
  );
  console.log(created.inviteLink);
  return 0;
}

async function allowUnrevocable(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { off: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError(USAGE);
  const allow = !values.off;
  const config = loadConfig(env, env.INIT_CWD ?? process.cwd());
  const result = await withDatabase(config, async (url) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await setAllowUnrevocable(client, positionals[0], allow);
    } finally {
      await client.end();
    }
  });
  const who = `"${result.name}" (slug ${result.slug})`;
  if (!result.changed)
    console.log(
      `${who} already ${allow ? 'allows' : 'refuses'} credentials with no status entry; nothing changed.`,
    );
  else if (allow)
    console.log(
      `${who} now lets its API clients issue credentials with no status entry (options.credentialStatus: []). ` +
        `Those can never be revoked or suspended. Recorded in the audit log. ` +
        `Take it back with: pnpm kindred org allow-unrevocable ${result.slug} --off`,
    );
  else
    console.log(
      `${who} again refuses credentials with no status entry; those issued meanwhile stay unrevocable. Recorded in the audit log.`,
    );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      if (e instanceof UsageError || e instanceof ConfigError) console.error(e.message);
      else console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
      process.exit(e instanceof UsageError || e instanceof ConfigError ? 2 : 1);
    },
  );
}
