import { createTestApp, uniqueEmail, type Agent, type TestApp } from './support/app.js';

// Issue 20, item analysis: per knowledge-check item over the attempts of the module's current version,
// facility and point-biserial discrimination (item vs the rest of the score), wrong choices chosen, flags;
// first attempts and retakes apart, each reported only from 10 attempts. The attempts are seeded here and
// every value below is worked out by hand in the comments.

interface Q {
  id: string;
  answer: string;
  choices: { id: string }[];
}

let t: TestApp;
let coordinator: Agent;
let coordinatorEmail: string;
let moduleId: string;
let quiz: Q[];

// 1 = right. Ten volunteers' first attempts at the first three items (every other item right for all).
const M = [
  [1, 1, 0], // A1
  [1, 1, 0], // A2
  [1, 1, 0], // A3
  [1, 1, 1], // A4
  [1, 0, 0], // A5
  [0, 0, 0], // A6
  [1, 0, 1], // A7
  [0, 0, 1], // A8
  [1, 1, 0], // A9
  [1, 1, 0], // A10
];
// who picks the second wrong choice of item 3 when wrong (the others the first wrong choice)
const SECOND_WRONG = new Set([4, 5, 8, 9]);

beforeAll(async () => {
  t = await createTestApp();
  const [mod] = await t.db.query(
    `SELECT m.id, v.id AS version, v.quiz FROM modules m JOIN module_versions v ON v.id = m.current_version_id
      WHERE jsonb_array_length(v.quiz) >= 3
        AND jsonb_array_length(v.quiz -> 2 -> 'choices') >= 3
      ORDER BY m.id LIMIT 1`,
  );
  moduleId = mod.id;
  quiz = mod.quiz;
  const slug = uniqueEmail('items-prog').replace(/[^a-z0-9]+/g, '-');
  const [org] = await t.db.query(
    `INSERT INTO organizations (slug, name, kind) VALUES ($1, 'Item Analysis Line', 'program') RETURNING id`,
    [slug],
  );
  const person = async (role: string) => {
    const email = uniqueEmail(`items-${role}`);
    const [u] = await t.db.query(
      `WITH u AS (INSERT INTO users (email, name, password_hash)
         SELECT $1, 'Item Tester', password_hash FROM users WHERE email = 'jordan@kindred.demo' RETURNING id)
       INSERT INTO memberships (user_id, organization_id, role) SELECT u.id, $2, $3 FROM u RETURNING user_id`,
      [email, org.id, role],
    );
    return { id: u.user_id as string, email };
  };
  const attempt = async (userId: string, row: number[], wrongPick: number, at: Date) => {
    const answers: Record<string, string> = {};
    quiz.forEach((q, j) => {
      const wrong = q.choices.filter((c) => c.id !== q.answer);
      answers[q.id] = j >= 3 || row[j] ? q.answer : wrong[j === 2 ? wrongPick : 0].id;
    });
    const score = quiz.filter((q) => answers[q.id] === q.answer).length;
    await t.db.query(
      `INSERT INTO quiz_attempts (user_id, module_id, module_version_id, answers, score, total, passed, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        userId,
        moduleId,
        mod.version,
        JSON.stringify(answers),
        score,
        quiz.length,
        score === quiz.length,
        at,
      ],
    );
  };
  const base = Date.now() - 3_600_000;
  const volunteers = [];
  for (const [i, row] of M.entries()) {
    const v = await person('volunteer');
    volunteers.push(v);
    await attempt(v.id, row, SECOND_WRONG.has(i) ? 1 : 0, new Date(base + i * 1000));
  }
  // two retakes, everything right: below the minimum of 10, so not reported
  await attempt(volunteers[0].id, [1, 1, 1], 0, new Date(base + 60_000));
  await attempt(volunteers[5].id, [1, 1, 1], 0, new Date(base + 61_000));
  coordinatorEmail = (await person('coordinator')).email;
  coordinator = await t.signIn(coordinatorEmail);
});
afterAll(() => t.close());

describe('item analysis', () => {
  it('computes facility and discrimination as worked out by hand, with the wrong choices and flags', async () => {
    const { body } = await coordinator.agent.get('/api/item-analysis').expect(200);
    expect(body).toMatchObject({ minAttempts: 10, tooEasy: 0.9, tooHard: 0.3 });
    const m = body.modules.find((x: { moduleId: string }) => x.moduleId === moduleId);
    expect(m.first.attempts).toBe(10);
    const [i1, i2, i3, ...rest] = m.first.items;

    // Item 1: 8 of 10 right → facility 0.8. Rest score (the first three items without item 1; the other
    // items add the same to everyone, which changes no correlation): A1–A3, A7, A8, A9, A10 have 1, A4 has
    // 2, A5 and A6 have 0. Mean 9/10 = 0.9; variance (7×0.1² + 1.1² + 2×0.9²)/10 = 2.9/10 = 0.29.
    // Right (A1–A5, A7, A9, A10): rests 1,1,1,2,0,1,1,1 → M1 = 8/8 = 1. Wrong (A6, A8): 0, 1 → M0 = 0.5.
    // r = (1 − 0.5) / √0.29 × √(0.8 × 0.2) = 0.5 / 0.538516 × 0.4 = 0.371391
    expect(i1.questionId).toBe(quiz[0].id);
    expect(i1.facility).toBeCloseTo(0.8, 10);
    expect(i1.discrimination).toBeCloseTo(0.371391, 5);
    expect(i1.flags).toEqual([]);
    expect(i1.wrongChoices.reduce((s: number, c: { count: number }) => s + c.count, 0)).toBe(2);

    // Item 2: 6 of 10 right → 0.6. Rests: A4 and A7 have 2, A6 has 0, the rest 1. Mean 1.1; variance
    // (7×0.1² + 2×0.9² + 1.1²)/10 = 0.29. Right (A1–A4, A9, A10): 1,1,1,2,1,1 → M1 = 7/6; wrong (A5–A8):
    // 1,0,2,1 → M0 = 1. r = (1/6) / 0.538516 × √0.24 = 0.166667 / 0.538516 × 0.489898 = 0.151620 → low.
    expect(i2.facility).toBeCloseTo(0.6, 10);
    expect(i2.discrimination).toBeCloseTo(0.15162, 5);
    expect(i2.flags).toEqual(['low_discrimination']);

    // Item 3: 3 of 10 right (A4, A7, A8) → 0.3, not below 0.3. Rests: A1–A4, A9, A10 have 2, A5 and A7 1,
    // A6 and A8 0. Mean 1.4; variance (6×0.6² + 2×0.4² + 2×1.4²)/10 = 6.4/10 = 0.64, s = 0.8.
    // Right: 2, 1, 0 → M1 = 1; wrong (A1–A3, A5, A6, A9, A10): 2,2,2,1,0,2,2 → M0 = 11/7.
    // r = (1 − 11/7) / 0.8 × √0.21 = −0.714286 × 0.458258 = −0.327327: the strong learners get it wrong.
    expect(i3.facility).toBeCloseTo(0.3, 10);
    expect(i3.discrimination).toBeCloseTo(-0.327327, 5);
    expect(i3.flags).toEqual(['negative_discrimination']);
    // wrong choices: A1, A2, A3 the first wrong option; A5, A6, A9, A10 the second
    const wrong3 = quiz[2].choices.filter((c) => c.id !== quiz[2].answer);
    expect(
      i3.wrongChoices
        .slice(0, 2)
        .map((c: { choiceId: string; count: number }) => [c.choiceId, c.count]),
    ).toEqual([
      [wrong3[0].id, 3],
      [wrong3[1].id, 4],
    ]);

    // every other item: all right → facility 1 (too easy), no discrimination (everyone the same)
    for (const r of rest) {
      expect(r).toMatchObject({ facility: 1, discrimination: null, flags: ['too_easy'] });
    }
  });

  it('keeps retakes apart, and reports no group under the minimum of attempts', async () => {
    const { body } = await coordinator.agent.get('/api/item-analysis').expect(200);
    const m = body.modules.find((x: { moduleId: string }) => x.moduleId === moduleId);
    // two retakes: fewer than KINDRED_SUPPRESS_BELOW (5), so not even their number is shown
    expect(m.retakes).toEqual({ attempts: null, items: null });
    expect(body.threshold).toBe(5);

    // the CSV: the first attempts item by item as on the page; the retakes one row, without their number
    const csv = await coordinator.agent.get('/api/item-analysis.csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe(
      'module_id,title,group,attempts,question_id,prompt,facility,discrimination,flags,wrong_choices',
    );
    const first = lines.filter((l) => l.startsWith(`${moduleId},`) && l.includes(',first,10,'));
    expect(first).toHaveLength(quiz.length);
    const wrong3 = quiz[2].choices.filter((c) => c.id !== quiz[2].answer);
    const item3 = first.find((l) => l.includes(`,10,${quiz[2].id},`));
    expect(item3).toMatch(/,0\.3,"'-0\.327\d*",negative_discrimination,/);
    expect(item3).toContain(`${wrong3[0].id}: 3; ${wrong3[1].id}: 4`);
    expect(lines.filter((l) => l.startsWith(`${moduleId},`) && l.includes(',retakes,'))).toEqual([
      expect.stringMatching(/,retakes,fewer than 5,,,,,not analysed: fewer than 10 attempts,$/),
    ]);
  });

  it('takes the suppression threshold into the minimum: 10 attempts are too few at 11, enough at 10', async () => {
    for (const [below, shown] of [
      ['11', false],
      ['10', true],
    ] as const) {
      const other = await createTestApp({ KINDRED_SUPPRESS_BELOW: below });
      try {
        const a = await other.signIn(coordinatorEmail);
        const { body } = await a.agent.get('/api/item-analysis').expect(200);
        expect(body).toMatchObject({ threshold: Number(below), minAttempts: Number(below) });
        const m = body.modules.find((x: { moduleId: string }) => x.moduleId === moduleId);
        expect(m.first.attempts).toBe(shown ? 10 : null);
        expect(m.first.items === null).toBe(!shown);
      } finally {
        await other.close();
      }
    }
  });
});
