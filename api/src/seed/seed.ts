import type { DataSource } from 'typeorm';
import { hashPassword } from '../auth/passwords.js';
import type { Role } from '../organizations/membership.entity.js';

export const DEMO_PASSWORD = 'kindred-demo-password';

interface SeedPerson {
  email: string;
  name: string;
  org: 'city' | 'university';
  role: Role;
}

export const DEMO_ORGANIZATIONS = {
  city: {
    slug: 'riverside-peer-network',
    name: 'Riverside Peer Support Network',
    kind: 'program',
    url: 'https://peers.riverside.example',
  },
  university: {
    slug: 'riverside-university',
    name: 'Riverside University School of Social Work',
    kind: 'university',
    url: 'https://socialwork.riverside-university.example',
  },
} as const;

export const DEMO_PEOPLE: SeedPerson[] = [
  { email: 'coordinator@kindred.demo', name: 'Marisol Ortega', org: 'city', role: 'coordinator' },
  { email: 'supervisor.ana@kindred.demo', name: 'Ana Whitfield', org: 'city', role: 'supervisor' },
  { email: 'supervisor.ben@kindred.demo', name: 'Ben Okafor', org: 'city', role: 'supervisor' },
  {
    email: 'staff@riverside-university.demo',
    name: 'Dr. Lena Park',
    org: 'university',
    role: 'institution_staff',
  },
  { email: 'jordan@kindred.demo', name: 'Jordan Reyes', org: 'city', role: 'volunteer' },
  { email: 'priya@kindred.demo', name: 'Priya Natarajan', org: 'city', role: 'volunteer' },
  { email: 'sam@kindred.demo', name: 'Sam Kowalski', org: 'city', role: 'volunteer' },
  { email: 'aisha@kindred.demo', name: 'Aisha Bello', org: 'city', role: 'volunteer' },
  { email: 'tomas@kindred.demo', name: 'Tomás Herrera', org: 'city', role: 'volunteer' },
  // holds the valid co-issued demo certificate, with the whole record it asks for (certificates.seed.ts)
  { email: 'grace@kindred.demo', name: 'Grace Mensah', org: 'city', role: 'volunteer' },
];

export const DEMO_COHORTS: Record<string, string[]> = {
  'supervisor.ana@kindred.demo': [
    'jordan@kindred.demo',
    'priya@kindred.demo',
    'sam@kindred.demo',
    'grace@kindred.demo',
  ],
  'supervisor.ben@kindred.demo': ['aisha@kindred.demo', 'tomas@kindred.demo'],
};

/** The demo seed: idempotent (safe on every start), and it never changes a password someone has set. */
export async function seed(ds: DataSource): Promise<SeedPerson[]> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await ds.transaction(async (m) => {
    const orgIds: Record<string, string> = {};
    for (const [key, org] of Object.entries(DEMO_ORGANIZATIONS)) {
      const [row] = await m.query(
        `INSERT INTO organizations (slug, name, kind, url) VALUES ($1, $2, $3, $4)
         ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
        [org.slug, org.name, org.kind, org.url],
      );
      orgIds[key] = row.id;
    }
    for (const p of DEMO_PEOPLE) {
      const [user] = await m.query(
        `INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3)
         ON CONFLICT (email) DO UPDATE SET name = users.name RETURNING id`,
        [p.email, p.name, passwordHash],
      );
      await m.query(
        `INSERT INTO memberships (user_id, organization_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [user.id, orgIds[p.org], p.role],
      );
    }
    // Tomás reads Kindred in Spanish (his saved choice; one he changes later is kept).
    await m.query(
      `UPDATE users SET locale = 'es' WHERE email = 'tomas@kindred.demo' AND locale IS NULL`,
    );
    // Cohorts, so the supervisor pages have volunteers to show; an assignment someone has changed is kept.
    for (const [supervisor, volunteers] of Object.entries(DEMO_COHORTS)) {
      await m.query(
        `INSERT INTO supervisor_assignments (organization_id, supervisor_id, volunteer_id)
         SELECT $1, s.id, v.id FROM users s, users v WHERE s.email = $2 AND v.email = ANY($3)
         ON CONFLICT (organization_id, volunteer_id) DO NOTHING`,
        [orgIds.city, supervisor, volunteers],
      );
    }
  });
  return DEMO_PEOPLE;
}
