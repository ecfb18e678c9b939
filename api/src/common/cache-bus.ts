import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { db, first, pgRunner, statement } from '../database/sql.js';

/** The PostgreSQL channel every instance listens on; payloads are cache keys (`session:<sid>`, `user:<id>`, `credential:<id>`) or `*`. */
export const CACHE_CHANNEL = 'kindred_cache';

type Handler = (key: string | null) => void;

/**
 * Invalidation of the in-process caches (sessions, signed-in users, verification answers), across instances:
 * every instance LISTENs on one channel; a change NOTIFYs in its own transaction (so the message goes out on
 * commit) or from a trigger, and the instance that made it also drops its entries at once (`local`).
 * While the listening connection is down, `live` is false and the caches must not answer from memory
 * (they cannot know what they missed); on reconnection everything is dropped.
 */
@Injectable()
export class CacheBus implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('CacheBus');
  private readonly handlers = new Set<Handler>();
  private client?: pg.Client;
  private retry?: NodeJS.Timeout;
  private closed = false;
  /** Whether invalidations are arriving; caches answer from memory only while true. */
  live = false;
  /**
   * Counts invalidations seen. A cache reads it before loading from the database and stores the result only
   * if it has not moved, so a load that raced with a change (read before, finished after) is not kept.
   */
  generation = 0;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  subscribe(handler: Handler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Drops `key` (or everything, for null) in this process now. */
  local(key: string | null): void {
    this.generation++;
    for (const h of this.handlers) h(key);
  }

  /** Drops `key` here now and, on commit of `manager`'s transaction (or at once without one), in every instance. */
  async publish(key: string, manager?: EntityManager): Promise<void> {
    this.local(key);
    await first(
      manager ?? this.ds,
      db.selectNoFrom(sql`pg_notify(${CACHE_CHANNEL}, ${key})`.as('notified')),
    );
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    this.live = false;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const options = this.ds.options as { url?: string };
    const client = new pg.Client({ connectionString: options.url });
    const lost = () => {
      if (this.client !== client) return;
      this.client = undefined;
      this.live = false;
      this.local(null);
      client.end().catch(() => undefined);
      if (!this.closed)
        this.retry = setTimeout(() => void this.connect().catch(() => undefined), 1000);
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (n) => {
      if (n.channel !== CACHE_CHANNEL) return;
      this.local(!n.payload || n.payload === '*' ? null : n.payload);
    });
    this.client = client;
    try {
      await client.connect();
      await statement(pgRunner(client), sql`LISTEN ${sql.id(CACHE_CHANNEL)}`);
      // Anything cached before this point may have missed a message.
      this.local(null);
      this.live = true;
    } catch (e) {
      this.logger.warn(
        `cache invalidation channel unavailable (${(e as Error).message}); caches are off until it is back`,
      );
      lost();
    }
  }
}

/**
 * A bounded map (lru-cache: the least recently used entry goes first) with an absolute end per entry, checked
 * against the caller's clock (`now`), so a test clock or a request's own instant decides what has expired:
 * an entry whose end is `<= now` is gone.
 */
export class TtlCache<V extends object> {
  private readonly lru: LRUCache<string, { value: V; until: number }>;
  constructor(maxEntries: number) {
    this.lru = new LRUCache({ max: maxEntries });
  }

  get(key: string, now = Date.now()): V | undefined {
    const e = this.lru.get(key);
    if (!e) return undefined;
    if (e.until <= now) {
      this.lru.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: V, until: number): void {
    this.lru.set(key, { value, until });
  }

  delete(key: string): void {
    this.lru.delete(key);
  }

  clear(): void {
    this.lru.clear();
  }

  entries(): Generator<[string, { value: V; until: number }]> {
    return this.lru.entries();
  }
}
