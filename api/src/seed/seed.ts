import type { DataSource } from 'typeorm';
import { sql } from 'kysely';
import { affected, db, first, rows } from '../database/sql.js';
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
      const row = await first(
        m,
        db
          .insertInto('organizations')
          .values({ slug: org.slug, name: org.name, kind: org.kind, url: org.url })
          .onConflict((oc) =>
            oc.column('slug').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })),
          )
          .returning('id'),
      );
      if (!row) throw new Error(`demo organization ${org.slug} was not written`);
      orgIds[key] = row.id;
    }
    for (const p of DEMO_PEOPLE) {
      const user = await first(
        m,
        db
          .insertInto('users')
          .values({ email: p.email, name: p.name, password_hash: passwordHash })
          .onConflict((oc) => oc.column('email').doUpdateSet({ name: sql`users.name` }))
          .returning('id'),
      );
      if (!user) throw new Error(`demo person ${p.email} was not written`);
      await rows(
        m,
        db
          .insertInto('memberships')
          .values({ user_id: user.id, organization_id: orgIds[p.org], role: p.role })
          .onConflict((oc) => oc.doNothing()),
      );
    }
    // Tomás reads Kindred in Spanish (his saved choice; one he changes later is kept).
    await affected(
      m,
      db
        .updateTable('users')
        .set({ locale: 'es' })
        .where('email', '=', 'tomas@kindred.demo')
        .where('locale', 'is', null),
    );
    // Cohorts, so the supervisor pages have volunteers to show; an assignment someone has changed is kept.
    for (const [supervisor, volunteers] of Object.entries(DEMO_COHORTS)) {
      await rows(
        m,
        db
          .insertInto('supervisor_assignments')
          .columns(['organization_id', 'supervisor_id', 'volunteer_id'])
          .expression((eb) =>
            eb
              .selectFrom(['users as s', 'users as v'])
              .select([
                eb.val(orgIds.city).as('organization_id'),
                's.id as supervisor_id',
                'v.id as volunteer_id',
              ])
              .where('s.email', '=', supervisor)
              .where('v.email', 'in', volunteers),
          )
          .onConflict((oc) => oc.columns(['organization_id', 'volunteer_id']).doNothing()),
      );
    }
  });
  return DEMO_PEOPLE;
}
