import type { TestApp, Agent } from './app.js';
import { uniqueEmail } from './app.js';

/** A fresh volunteer in the demo program (same password as the demo people), signed in: no shared progress. */
export async function newVolunteer(t: TestApp, name = 'Test Volunteer'): Promise<Agent> {
  const email = uniqueEmail('learner');
  await t.db.query(
    `WITH u AS (
       INSERT INTO users (email, name, password_hash)
       SELECT $1, $2, password_hash FROM users WHERE email = 'jordan@kindred.demo' RETURNING id
     )
     INSERT INTO memberships (user_id, organization_id, role)
     SELECT u.id, o.id, 'volunteer' FROM u, organizations o WHERE o.slug = 'riverside-peer-network'`,
    [email, name],
  );
  return t.signIn(email);
}
