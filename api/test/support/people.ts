import type { TestApp } from './app.js';
import { uniqueEmail } from './app.js';

/** A fresh person in the demo program organization (same demo password), so tests never share state. */
export async function newMember(
  t: TestApp,
  role: 'volunteer' | 'supervisor' | 'coordinator',
  name = `Test ${role}`,
): Promise<{ id: string; email: string }> {
  const email = uniqueEmail(role);
  const [user] = await t.db.query(
    `INSERT INTO users (email, name, password_hash) SELECT $1, $2, password_hash FROM users WHERE email = 'jordan@kindred.demo' RETURNING id`,
    [email, name],
  );
  await t.db.query(
    `INSERT INTO memberships (user_id, organization_id, role) SELECT $1, id, $2 FROM organizations WHERE slug = 'riverside-peer-network'`,
    [user.id, role],
  );
  return { id: user.id, email };
}
