import pg from 'pg';
import { createTestApp, type Agent, type TestApp } from './support/app.js';
import { newMember } from './support/people.js';

// The drill step (POST a choice) is the hottest write of an evening: it must stay at one read and one
// conditional append (no transaction, no extra lookups) for a step along the graph; this fails if it grows.
const DRILL = 'deesc-library-01';
const STRONG = [1, 0, 0, 0, 0, 0, 0, 0];

let t: TestApp;
let statements: string[] = [];
// eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called with the client's `this`
const query = pg.Client.prototype.query;
beforeAll(async () => {
  t = await createTestApp();
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0] as string | { text?: string };
    statements.push(typeof q === 'string' ? q : (q.text ?? ''));
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
});
afterAll(async () => {
  pg.Client.prototype.query = query;
  await t.close();
});

const isIdentity = (s: string) => /FROM\s+"?sessions"?/i.test(s);

async function volunteer(): Promise<Agent> {
  const p = await newMember(t, 'volunteer', 'Drill Counter');
  return t.signIn(p.email);
}

describe('the drill step', () => {
  it('sends two statements for a step along the graph, and none of them opens a transaction', async () => {
    const a = await volunteer();
    const { body } = await a.agent
      .post(`/api/drills/${DRILL}/attempts`)
      .set('x-csrf-token', a.csrf)
      .expect(201);
    const counts: number[] = [];
    for (const [i, choice] of STRONG.entries()) {
      statements = [];
      const res = await a.agent
        .post(`/api/drill-attempts/${body.attemptId}/choices`)
        .set('x-csrf-token', a.csrf)
        .send({ choice })
        .expect(200);
      const sql = statements.filter((s) => !isIdentity(s));
      if (i < STRONG.length - 1) {
        expect(res.body.finished).toBe(false);
        expect(sql.some((s) => /^\s*(BEGIN|START TRANSACTION)/i.test(s))).toBe(false);
        counts.push(sql.length);
      } else expect(res.body.finished).toBe(true);
    }
    expect(new Set(counts)).toEqual(new Set([2]));
  });
});
