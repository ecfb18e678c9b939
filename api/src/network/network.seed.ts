import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DAY_MS } from '@kindred/certificates/dates';
import { sql } from 'kysely';
import { db, first, rows } from '../database/sql.js';
import { writeCompletedCourse, writeEnrollment } from '../seed/records.js';
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
    const org = await first(
      this.ds,
      db.selectFrom('organizations').select('id').where('slug', '=', DEMO_ORGANIZATIONS.city.slug),
    );
    const coordinator = await first(
      this.ds,
      db.selectFrom('users').select('id').where('email', '=', COORDINATOR),
    );
    const supervisor = await first(
      this.ds,
      db.selectFrom('users').select('id').where('email', '=', SUPERVISOR),
    );
    if (!org || !coordinator || !supervisor) return false;
    const mapped = await first(
      this.ds,
      db.selectFrom('network_maps').select('organization_id').where('organization_id', '=', org.id),
    );
    if (mapped) return false;
    await this.network.replaceMap(org.id, coordinator.id, {
      geojsonName: DEMO_AREAS_FILE,
      geojson: readFileSync(DEMO_DIR + DEMO_AREAS_FILE, 'utf8'),
      csvName: DEMO_NEEDS_FILE,
      csv: readFileSync(DEMO_DIR + DEMO_NEEDS_FILE, 'utf8'),
    });
    const now = Date.now();
    const ago = (days: number) => new Date(now - days * DAY_MS);
    await this.ds.transaction(async (m) => {
      // the shortest course (fewest modules), the one the trained neighbours finished
      const course = await first(
        m,
        db
          .selectFrom('courses as c')
          .innerJoin('modules as md', 'md.course_id', 'c.id')
          .select(['c.id', 'c.slug'])
          .groupBy(['c.id', 'c.slug'])
          .orderBy((eb) => eb.fn.countAll(), 'asc')
          .orderBy('c.slug')
          .limit(1),
      );
      for (const [i, [name, areas, languages, trained, hours]] of NEIGHBOURS.entries()) {
        const joined = ago(200 - i);
        const user = await first(
          m,
          db
            .insertInto('users')
            .values({ email: email(name), name, password_hash: null, created_at: joined })
            .onConflict((oc) => oc.column('email').doUpdateSet({ name: sql`users.name` }))
            .returning('id'),
        );
        if (!user) throw new Error(`demo neighbour ${name} was not written`);
        // joined the program when their account was made: before they enrolled (150 days ago), so the
        // evaluation's "enrolled" step counts forward from it rather than from the day of the seed
        await rows(
          m,
          db
            .insertInto('memberships')
            .values({
              user_id: user.id,
              organization_id: org.id,
              role: 'volunteer',
              created_at: joined,
            })
            .onConflict((oc) => oc.doNothing()),
        );
        await rows(
          m,
          db
            .insertInto('volunteer_reach')
            .values({
              user_id: user.id,
              organization_id: org.id,
              areas,
              languages,
              public: true,
              updated_at: ago(30),
            })
            .onConflict((oc) => oc.doNothing()),
        );
        if (trained && course) {
          await writeEnrollment(m, user.id, course.slug, ago(150));
          await writeCompletedCourse(m, user.id, course.slug, ago(120), 'keep');
        }
        // the quarter's verified hours, in shifts of at most 4 hours
        for (let left = hours, k = 0; left > 0; left -= 4, k++) {
          await rows(
            m,
            db.insertInto('practice_hours').values({
              organization_id: org.id,
              volunteer_user_id: user.id,
              worked_on: ago(10 + 9 * k)
                .toISOString()
                .slice(0, 10),
              hours: Math.min(4, left),
              setting: 'Neighbourhood drop-in',
              category: 'one-to-one',
              status: 'verified',
              reviewed_by: supervisor.id,
              reviewed_at: ago(8 + 9 * k),
              created_at: ago(8 + 9 * k),
            }),
          );
        }
      }
    });
    return true;
  }
}
