import type {
  DataSource,
  EntityManager,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { Logger } from '@nestjs/common';
import { EvidenceEvents } from './evidence-events.js';

/** A stand-in for TypeORM's query runner: only the flag the notice board reads. */
const runner = (active: boolean) => ({ isTransactionActive: active }) as QueryRunner;
const managerOf = (r: QueryRunner) => ({ queryRunner: r }) as unknown as EntityManager;
const commit = (r: QueryRunner) => ({ queryRunner: r }) as TransactionCommitEvent;
const rollback = (r: QueryRunner) => ({ queryRunner: r }) as TransactionRollbackEvent;

function board() {
  const events = new EvidenceEvents({ subscribers: [] } as unknown as DataSource);
  events.onModuleInit();
  const heard: string[] = [];
  events.on(async (id) => {
    heard.push(id);
  });
  return { events, heard };
}

describe('EvidenceEvents', () => {
  beforeAll(() => Logger.overrideLogger(false)); // the failing listener's warning is expected

  it('tells listeners only after the outermost transaction commits, once per volunteer', async () => {
    const { events, heard } = board();
    const r = runner(true);
    events.changed(managerOf(r), ['a', 'b']);
    events.changed(managerOf(r), ['a']);
    await events.idle();
    expect(heard).toEqual([]);
    events.afterTransactionCommit(commit(r)); // a savepoint released: still inside
    await events.idle();
    expect(heard).toEqual([]);
    (r as { isTransactionActive: boolean }).isTransactionActive = false;
    events.afterTransactionCommit(commit(r));
    await events.idle();
    expect(heard.sort()).toEqual(['a', 'b']);
  });

  it('forgets the changes of a transaction that rolls back', async () => {
    const { events, heard } = board();
    const r = runner(true);
    events.changed(managerOf(r), ['a']);
    (r as { isTransactionActive: boolean }).isTransactionActive = false;
    events.afterTransactionRollback(rollback(r));
    events.afterTransactionCommit(commit(r));
    await events.idle();
    expect(heard).toEqual([]);
  });

  it('outside a transaction, tells at once; a failing listener neither throws nor stops the next', async () => {
    const { events, heard } = board();
    events.on(async () => {
      throw new Error('boom');
    });
    const after: string[] = [];
    events.on(async (id) => {
      after.push(id);
    });
    expect(() => events.changed(managerOf(runner(false)), ['c'])).not.toThrow();
    await events.idle();
    expect(heard).toEqual(['c']);
    expect(after).toEqual(['c']);
  });

  it('joins news that arrives while a run waits into that run, and still runs once more after a running one', async () => {
    const events = new EvidenceEvents({ subscribers: [] } as unknown as DataSource);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const runs: string[] = [];
    events.on(async (id) => {
      runs.push(id);
      if (runs.length === 1) await gate; // the first run is still going when more news arrives
    });
    const outside = managerOf(runner(false));
    events.changed(outside, ['a']); // starts a run
    await Promise.resolve();
    events.changed(outside, ['a']); // waits for it
    events.changed(outside, ['a']); // joins the waiting one
    events.changed(outside, ['b']); // another volunteer is not held up
    await new Promise((r) => setTimeout(r, 0));
    expect(runs).toEqual(['a', 'b']);
    release();
    await events.idle();
    expect(runs).toEqual(['a', 'b', 'a']);
  });
});
