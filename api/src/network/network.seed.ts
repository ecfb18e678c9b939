import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DAY_MS } from '@kindred/certificates';
import { DEMO_ORGANIZATIONS } from '../seed/seed.js';
import { NetworkService } from './network.service.js';

/** api/demo/, from src/network or dist/network alike. */
const DEMO_DIR = fileURLToPath(new URL('../../demo/', import.meta.url));
export const DEMO_AREAS_FILE = 'riverside-areas.geojson';
export const DEMO_NEEDS_FILE = 'riverside-needs.csv';
const COORDINATOR = 'coordinator@kindred.demo';
const SUPERVISOR = 'supervisor.ana@kindred.demo';

/**
 * The rest of the Riverside network, for the map: fictional volunteers (no password: nobody signs in as
 * them) with the neighbourhoods they serve, their languages, opted in to the public figures. Per person:
 * [area codes, languages, has finished a course, verified hours in the last quarter].
 */
const NEIGHBOURS: [string, string[], string[], boolean, number][] = [
  ['Rosa Delgado', ['RV-04', 'RV-05'], ['en', 'es'], true, 14],
  ['Minh Tran', ['RV-04', 'RV-07'], ['en', 'vi'], true, 9],
  ['Hodan Ali', ['RV-05', 'RV-06'], ['en', 'so'], true, 12],
  ['Luis Paredes', ['RV-04', 'RV-01'], ['en', 'es'], true, 6],
  ['Claire Dubois', ['RV-02', 'RV-01'], ['en', 'fr'], true, 8],
  ['Kwame Asante', ['RV-05', 'RV-04'], ['en'], true, 10],
  ['Elena Sokolova', ['RV-01', 'RV-02'], ['en'], false, 4],
  ['Daniel Kim', ['RV-02', 'RV-03'], ['en'], true, 7],
  ['Fatima Haddad', ['RV-09', 'RV-06'], ['en', 'ar'], true, 5],
  ['Marco Bianchi', ['RV-01', 'RV-04'], ['en', 'it'], false, 3],
  ['Lucía Romero', ['RV-07', 'RV-05'], ['en', 'es'], true, 11],
  ['Thanh Nguyen', ['RV-07', 'RV-04'], ['en', 'vi'], false, 6],
  ['Grace Liu', ['RV-07'], ['en', 'zh-Hant'], true, 0],
  ['Peter Novak', ['RV-02'], ['en'], true, 5],
  ['Amina Yusuf', ['RV-05', 'RV-06'], ['en', 'so'], false, 9],
  ['Carmen Vega', ['RV-04', 'RV-05', 'RV-01'], ['en', 'es'], true, 13],
  ['Owen Price', ['RV-03', 'RV-02'], ['en'], true, 4],
  ['Nadia Rahman', ['RV-05', 'RV-07'], ['en'], true, 8],
  ['Jorge Castillo', ['RV-01', 'RV-05'], ['en', 'es'], true, 6],
  ['Ivy Chen', ['RV-07', 'RV-04'], ['en', 'vi'], true, 7],
  ['Samuel Osei', ['RV-03'], ['en'], false, 0],
  ['Beatriz Lopes', ['RV-01', 'RV-07'], ['en', 'es'], true, 5],
  ['Hugo Martin', ['RV-02', 'RV-01'], ['en'], true, 3],
  ['Yara Mansour', ['RV-04'], ['en', 'ar'], true, 6],
  ['Tom Becker', ['RV-08'], ['en'], false, 2],
  ['Ana Sofía Ruiz', ['RV-05', 'RV-04'], ['en', 'es'], true, 10],
  ['Lin Zhou', ['RV-07', 'RV-05'], ['en', 'es'], true, 9],
  ['Kofi Mensah', ['RV-03', 'RV-02'], ['en'], true, 6],
];

const email = (name: string) =>
  `${name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '.')}@neighbours.kindred.demo`;

/**
 * The demo city on the public map: Riverside's neighbourhoods (api/demo/riverside-*.geojson/csv, loaded as
 * a coordinator's upload is) and the fictional volunteers above, so `pnpm start` shows a real map. The
 * demo people of seed.ts keep no reach: a volunteer sets theirs on /me/reach. Idempotent: only when the
 * program has no map yet.
 */
@Injectable()
export class NetworkDemo {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly network: NetworkService,
  ) {}

  async ensure(): Promise<boolean> {
    const [org] = await this.ds.query<{ id: string }[]>(
      `SELECT id FROM organizations WHERE slug = $1`,
      [DEMO_ORGANIZATIONS.city.slug],
    );
    const [coordinator] = await this.ds.query<{ id: string }[]>(
      `SELECT id FROM users WHERE email = $1`,
      [COORDINATOR],
    );
    const [supervisor] = await this.ds.query<{ id: string }[]>(
      `SELECT id FROM users WHERE email = $1`,
      [SUPERVISOR],
    );
    if (!org || !coordinator || !supervisor) return false;
    if (
      (await this.ds.query(`SELECT 1 FROM network_maps WHERE organization_id = $1`, [org.id]))
        .length
    )
      return false;
    await this.network.replaceMap(org.id, coordinator.id, {
      geojsonName: DEMO_AREAS_FILE,
      geojson: readFileSync(DEMO_DIR + DEMO_AREAS_FILE, 'utf8'),
      csvName: DEMO_NEEDS_FILE,
      csv: readFileSync(DEMO_DIR + DEMO_NEEDS_FILE, 'utf8'),
    });
    const now = Date.now();
    const ago = (days: number) => new Date(now - days * DAY_MS);
    await this.ds.transaction(async (m) => {
      const [course] = await m.query<{ id: string }[]>(
        `SELECT c.id FROM courses c JOIN modules md ON md.course_id = c.id GROUP BY c.id, c.slug ORDER BY count(*), c.slug LIMIT 1`,
      );
      for (const [i, [name, areas, languages, trained, hours]] of NEIGHBOURS.entries()) {
        const [user] = await m.query<{ id: string }[]>(
          `INSERT INTO users (email, name, password_hash, created_at) VALUES ($1, $2, NULL, $3)
           ON CONFLICT (email) DO UPDATE SET name = users.name RETURNING id`,
          [email(name), name, ago(200 - i)],
        );
        await m.query(
          `INSERT INTO memberships (user_id, organization_id, role) VALUES ($1, $2, 'volunteer') ON CONFLICT DO NOTHING`,
          [user.id, org.id],
        );
        await m.query(
          `INSERT INTO volunteer_reach (user_id, organization_id, areas, languages, public, updated_at)
           VALUES ($1, $2, $3, $4, true, $5) ON CONFLICT DO NOTHING`,
          [user.id, org.id, areas, languages, ago(30)],
        );
        if (trained && course) {
          await m.query(
            `INSERT INTO enrollments (user_id, course_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
            [user.id, course.id, ago(150)],
          );
          await m.query(
            `INSERT INTO module_progress (user_id, module_id, module_version_id, status, started_at, updated_at, completed_at)
             SELECT $1, md.id, md.current_version_id, 'completed', $3, $3, $3 FROM modules md
              WHERE md.course_id = $2 AND md.current_version_id IS NOT NULL
             ON CONFLICT (user_id, module_id) DO NOTHING`,
            [user.id, course.id, ago(120)],
          );
        }
        // the quarter's verified hours, in shifts of at most 4 hours
        for (let left = hours, k = 0; left > 0; left -= 4, k++) {
          await m.query(
            `INSERT INTO practice_hours (organization_id, volunteer_user_id, worked_on, hours, setting, category, status, reviewed_by, reviewed_at, created_at)
             VALUES ($1, $2, $3, $4, 'Neighbourhood drop-in', 'one-to-one', 'verified', $5, $6, $6)`,
            [
              org.id,
              user.id,
              ago(10 + 9 * k)
                .toISOString()
                .slice(0, 10),
              Math.min(4, left),
              supervisor.id,
              ago(8 + 9 * k),
            ],
          );
        }
      }
    });
    return true;
  }
}
