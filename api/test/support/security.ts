import request from 'supertest';
import { DEMO_PASSWORD } from '../../src/seed/seed.js';
import type { Agent, TestApp } from './app.js';
import { uniqueEmail } from './app.js';

/**
 * Sign in as if from a given client address. The app trusts X-Forwarded-For from loopback (as behind its
 * proxy), so each security test counts its own rate-limit window instead of sharing 127.0.0.1 with the others.
 */
export async function signInFrom(
  t: TestApp,
  email: string,
  ip: string,
  password = DEMO_PASSWORD,
): Promise<Agent> {
  const agent = request.agent(t.app.getHttpServer());
  const res = await agent
    .post('/api/auth/login')
    .set('x-forwarded-for', ip)
    .send({ email, password });
  if (res.status !== 200)
    throw new Error(`sign-in as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { agent, csrf: res.body.csrfToken, user: res.body.user };
}

/** A fresh person with the demo password in an organization (by slug), optionally in a supervisor's cohort. */
export async function person(
  t: TestApp,
  role: string,
  orgSlug: string,
  supervisorEmail?: string,
): Promise<{ id: string; email: string }> {
  const email = uniqueEmail(role.replace('_', '-'));
  const [user] = await t.db.query(
    `INSERT INTO users (email, name, password_hash) SELECT $1, $2, password_hash FROM users WHERE email = 'jordan@kindred.demo' RETURNING id`,
    [email, `Matrix ${role}`],
  );
  const [org] = await t.db.query(`SELECT id FROM organizations WHERE slug = $1`, [orgSlug]);
  await t.db.query(`INSERT INTO memberships (user_id, organization_id, role) VALUES ($1, $2, $3)`, [
    user.id,
    org.id,
    role,
  ]);
  if (supervisorEmail) {
    await t.db.query(
      `INSERT INTO supervisor_assignments (organization_id, supervisor_id, volunteer_id) SELECT $1, id, $2 FROM users WHERE email = $3`,
      [org.id, user.id, supervisorEmail],
    );
  }
  return { id: user.id, email };
}

/** A second program organization, so "coordinator of another organization" can be tried. */
export async function otherProgram(t: TestApp, slug: string): Promise<string> {
  const [org] = await t.db.query(
    `INSERT INTO organizations (slug, name, kind, url) VALUES ($1, 'Elsewhere Peer Line', 'program', 'https://elsewhere.example')
     ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [slug],
  );
  return org.id;
}

/** Row counts of tables, to prove a refused request wrote nothing. */
export async function counts(t: TestApp, tables: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of tables)
    out[table] = Number((await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
  return out;
}
