/**
 * Operator commands (`pnpm kindred …`), run on the server with the app's own settings (config.ts):
 *
 *   pnpm kindred org create --kind program|university --name "Name" --coordinator-email a@b.org
 *                           [--coordinator-name "Name"] [--slug slug] [--url https://…]
 *
 * creates an organization and prints the invitation link of its first coordinator (who then invites the
 * others). The link is a secret: give it to that person only. It works once, for 7 days; only its hash is
 * stored. The database is DATABASE_URL, or the embedded one of KINDRED_DATA_DIR (the running app's, when it
 * runs; otherwise it is started for the command and stopped after).
 */
import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { startEmbeddedPostgres } from './database/embedded.js';
import { migrate } from './database/data-source.js';
import { newLinkToken } from './common/tokens.js';

const INVITE_DAYS = 7;
const USAGE =
  'usage: pnpm kindred org create --kind program|university --name "Name" --coordinator-email a@b.org [--coordinator-name "Name"] [--slug slug] [--url https://…]';

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
  await client.query('BEGIN');
  try {
    const taken = await client.query('SELECT 1 FROM organizations WHERE slug = $1', [slug]);
    if (taken.rowCount)
      throw new UsageError(`an organization with the slug "${slug}" already exists`);
    const org = await client.query<{ id: string }>(
      `INSERT INTO organizations (slug, name, kind, url) VALUES ($1, $2, $3, $4) RETURNING id`,
      [slug, name, input.kind, input.url ?? null],
    );
    const organizationId = org.rows[0].id;
    await client.query(
      `INSERT INTO invites (token_hash, email, name, organization_id, role, invited_by, expires_at)
       VALUES ($1, $2, $3, $4, 'coordinator', NULL, now() + make_interval(days => $5))`,
      [hash, email, input.coordinatorName?.trim() || email, organizationId, INVITE_DAYS],
    );
    await client.query('COMMIT');
    return { organizationId, slug, inviteLink: `${publicOrigin}/invite/${token}` };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
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
