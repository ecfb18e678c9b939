import {
  sql,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type Compilable,
  type InferResult,
  type RawBuilder,
} from 'kysely';
import type { ClientBase } from 'pg';
import type { DB, Json } from './schema.js';

/**
 * Typed SQL. Repositories build queries with Kysely against `DB`, the row types generated from the
 * migrated schema (`pnpm --filter @kindred/api db:types`; `pnpm test` fails while they are stale), so a
 * renamed column or a wrong type is a compile error rather than an unchecked `as` on `any`.
 *
 * Kysely here only builds and compiles SQL: the queries run through TypeORM's `query`, on the
 * DataSource or on the EntityManager of the caller's transaction, so a repository method joins
 * whatever transaction its caller opened (evidence + audit + decision in one) — Kysely's own
 * connection pool would be a second pool outside those transactions. This is the split Kysely
 * documents as "splitting query building and execution" (DummyDriver + the Postgres compiler).
 */
export const db = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** A DataSource or a transaction's EntityManager: anything with TypeORM's `query`. */
export interface Runner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export type Row<Q extends Compilable> = InferResult<Q> extends (infer R)[] ? R : never;

async function execute(on: Runner, q: Compilable): Promise<{ rows: unknown[]; count: number }> {
  const compiled = q.compile();
  const raw = await on.query(compiled.sql, [...compiled.parameters]);
  // TypeORM answers an UPDATE or DELETE with [rows, rowCount], anything else with the rows.
  const kind = compiled.query.kind;
  if (kind === 'UpdateQueryNode' || kind === 'DeleteQueryNode') {
    const [rows, count] = raw as [unknown[], number];
    return { rows, count };
  }
  const rows = raw as unknown[];
  return { rows, count: rows.length };
}

/** Every row the query returns (a SELECT, or a write with RETURNING), typed from the schema. */
export async function rows<Q extends Compilable>(on: Runner, q: Q): Promise<Row<Q>[]> {
  return (await execute(on, q)).rows as Row<Q>[];
}

/** The first row, or undefined. */
export async function first<Q extends Compilable>(on: Runner, q: Q): Promise<Row<Q> | undefined> {
  return (await execute(on, q)).rows[0] as Row<Q> | undefined;
}

/** Runs a write and answers how many rows it touched (UPDATE / DELETE), or returned. */
export async function affected(on: Runner, q: Compilable): Promise<number> {
  return (await execute(on, q)).count;
}

/**
 * A statement that answers no rows (LISTEN, BEGIN/COMMIT/ROLLBACK, CREATE DATABASE), written with
 * Kysely's `sql` tag so its values are still parameters and its names still quoted.
 */
export async function statement(on: Runner, q: RawBuilder<unknown>): Promise<void> {
  const compiled = q.compile(db);
  await on.query(compiled.sql, [...compiled.parameters]);
}

/**
 * A node-postgres client (the CLI's, the cache bus's listener, the embedded server's admin connection)
 * as a Runner: its answers are made into TypeORM's (the rows; [rows, count] for UPDATE and DELETE),
 * which is what `execute` above reads.
 */
export function pgRunner(client: ClientBase): Runner {
  return {
    async query(text: string, parameters?: unknown[]) {
      // node-postgres types rows as any[]; execute() above types them from the query.
      const result = await client.query<Record<string, unknown>>(text, parameters);
      return result.command === 'UPDATE' || result.command === 'DELETE'
        ? [result.rows, result.rowCount ?? 0]
        : result.rows;
    },
  };
}

/** `= ANY($1::uuid[])`: one array parameter, so an empty list is a valid query (unlike `IN ()`). */
export const anyUuid = (ids: string[]) => sql<string>`ANY(${ids}::uuid[])`;

/**
 * A value for a jsonb column, sent as its JSON text: node-postgres would send a JS array as a
 * Postgres array, not as JSON.
 */
export const jsonb = (value: unknown) => sql<Json>`${JSON.stringify(value)}::jsonb`;

/** A date column as the API shows it: YYYY-MM-DD, no time zone to shift it. */
export const dateText = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

/** A numeric column as a number: pg sends numeric as a string; hours are small decimals, safe as a double. */
export const float8 = (column: string) => sql<number>`${sql.ref(column)}::float8`;
