import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 21 (where the network reaches): the coordinator's map of the city (one per organization: its
 * neighbourhoods, their SVG outlines drawn once at upload, and the need figures joined from a CSV), and
 * each volunteer's reach: the neighbourhoods they serve, the languages they support in, and whether they
 * count in the public figures (opt-in, off by default).
 */
export class NetworkReach1765700000000 implements MigrationInterface {
  name = 'NetworkReach1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE network_maps (
        organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
        view_width integer NOT NULL CHECK (view_width > 0),
        view_height integer NOT NULL CHECK (view_height > 0),
        source_name text NOT NULL CHECK (length(source_name) <= 200),
        uploaded_by uuid REFERENCES users(id) ON DELETE SET NULL,
        uploaded_at timestamptz NOT NULL
      );

      CREATE TABLE network_areas (
        organization_id uuid NOT NULL REFERENCES network_maps(organization_id) ON DELETE CASCADE,
        code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        position integer NOT NULL,
        path text NOT NULL,
        label_x real NOT NULL,
        label_y real NOT NULL,
        population integer CHECK (population >= 0),
        need real CHECK (need BETWEEN 0 AND 100),
        languages_asked text[] NOT NULL DEFAULT '{}',
        PRIMARY KEY (organization_id, code)
      );

      CREATE TABLE volunteer_reach (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        areas text[] NOT NULL DEFAULT '{}',
        languages text[] NOT NULL DEFAULT '{}',
        public boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, organization_id)
      );
      CREATE INDEX volunteer_reach_org ON volunteer_reach (organization_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE volunteer_reach; DROP TABLE network_areas; DROP TABLE network_maps;`);
  }
}
