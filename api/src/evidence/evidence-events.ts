import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';

/** Told the volunteers whose evidence or sign-offs changed, once the change is committed. */
export type EvidenceListener = (volunteerId: string) => Promise<unknown>;

/**
 * A small after-commit notice board between the modules that write evidence (competencies, through
 * courses and drills) and those that react to it (certificates), without either importing the other.
 * Writers call `changed(manager, ids)` inside their transaction; listeners run after the outermost
 * transaction commits (never when it rolls back), in the background, one run at a time per volunteer;
 * news for a volunteer whose next run has not started yet joins that run (it reads everything committed
 * by then), so a burst of evidence (a volunteer finishing drills) makes two runs, not one per change.
 * A listener's failure is logged, never thrown at the writer: the nightly sweeps catch up.
 */
@Injectable()
export class EvidenceEvents implements OnModuleInit, OnModuleDestroy, EntitySubscriberInterface {
  private readonly logger = new Logger('EvidenceEvents');
  private readonly listeners: EvidenceListener[] = [];
  private readonly waiting = new WeakMap<QueryRunner, Set<string>>();
  private readonly running = new Map<string, Promise<void>>();
  /** volunteers with a run waiting for the one before it to finish */
  private readonly queued = new Set<string>();

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  onModuleInit(): void {
    if (!this.ds.subscribers.includes(this)) this.ds.subscribers.push(this);
  }

  /** Shutting down: let runs in flight finish while the database is still there. */
  async onModuleDestroy(): Promise<void> {
    await this.idle();
  }

  on(listener: EvidenceListener): void {
    this.listeners.push(listener);
  }

  /** Inside a transaction: the listeners hear of these volunteers after it commits. Outside one: at once. */
  changed(manager: EntityManager, volunteerIds: Iterable<string>): void {
    const runner = manager.queryRunner;
    if (!runner || !runner.isTransactionActive) {
      for (const id of volunteerIds) this.dispatch(id);
      return;
    }
    const set = this.waiting.get(runner) ?? new Set<string>();
    for (const id of volunteerIds) set.add(id);
    this.waiting.set(runner, set);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    if (runner.isTransactionActive) return; // a savepoint was released; the outer transaction may still roll back
    const ids = this.waiting.get(runner);
    if (!ids) return;
    this.waiting.delete(runner);
    for (const id of ids) this.dispatch(id);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.waiting.delete(event.queryRunner);
  }

  /** Resolves once every listener run started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()]);
  }

  private dispatch(volunteerId: string): void {
    if (!this.listeners.length || this.queued.has(volunteerId)) return;
    this.queued.add(volunteerId);
    const before = this.running.get(volunteerId) ?? Promise.resolve();
    const run: Promise<void> = before
      .then(async () => {
        this.queued.delete(volunteerId);
        for (const listener of this.listeners) {
          try {
            await listener(volunteerId);
          } catch (e) {
            this.logger.warn(
              `after evidence of ${volunteerId}: ${e instanceof Error ? e.message : String(e)}`,
            );
          }
        }
      })
      .finally(() => {
        if (this.running.get(volunteerId) === run) this.running.delete(volunteerId);
      });
    this.running.set(volunteerId, run);
  }
}
