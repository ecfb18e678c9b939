import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sql } from 'kysely';
import { DAY_MS } from '@kindred/certificates/dates';
import { affected, db, first, rows } from '../database/sql.js';
import {
  writeCompletedCourse,
  writeEnrollment,
  writePassedDrill,
  writeSignOff,
} from '../seed/records.js';

const HOLDER = 'tomas@kindred.demo';
const SUPERVISOR = 'supervisor.ben@kindred.demo';

/**
 * The demo seed's pathway story: Tomás joined eight months ago, became a provisional peer supporter a week
 * later and has done almost everything for certification: 68.5 of the 72 practice hours are verified, so the
 * next verified shift makes him certified (the Playwright journey does exactly that). Written as the modules
 * themselves write it (course progress, passed drills, sign-offs with their observation evidence, verified
 * hours, supervision sessions), backdated. Idempotent: only when he has no practice hours yet.
 */
@Injectable()
export class PathwayDemo {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async ensure(): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      const person = (email: string) =>
        first(m, db.selectFrom('users').select('id').where('email', '=', email));
      const holder = await person(HOLDER);
      const ben = await person(SUPERVISOR);
      if (!holder || !ben) return false;
      const org = await first(
        m,
        db
          .selectFrom('memberships')
          .select('organization_id as id')
          .where('user_id', '=', holder.id)
          .where('role', '=', 'volunteer')
          .limit(1),
      );
      if (!org) return false;
      const logged = await first(
        m,
        db
          .selectFrom('practice_hours')
          .select(sql<number>`1`.as('one'))
          .where('volunteer_user_id', '=', holder.id)
          .limit(1),
      );
      if (logged) return false;
      const ago = (days: number) => new Date(Date.now() - days * DAY_MS);
      const day = (days: number) => ago(days).toISOString().slice(0, 10);

      await affected(
        m,
        db
          .updateTable('memberships')
          .set({ created_at: ago(240) })
          .where('user_id', '=', holder.id)
          .where('role', '=', 'volunteer'),
      );
      for (const [slug, days] of [
        ['peer-roles', 230],
        ['crisis-de-escalation', 225],
        ['trauma-informed-care', 150],
      ] as const) {
        await writeEnrollment(m, holder.id, slug, ago(days));
        await writeCompletedCourse(m, holder.id, slug, ago(days), 'keep');
      }
      for (const [drill, days] of [
        ['deesc-library-01', 228],
        ['deesc-bus-stop-01', 140],
      ] as const) {
        await writePassedDrill(
          m,
          { volunteerId: holder.id, organizationId: org.id },
          drill,
          8,
          ago(days),
        );
      }
      const signOffs: [string, string, number][] = [
        ['PEER.1', 'developing', 226],
        ['DEESC.1', 'developing', 224],
        ['PEER.1', 'proficient', 60],
        ['PEER.2', 'proficient', 60],
        ['DEESC.1', 'proficient', 45],
        ['DEESC.2', 'proficient', 45],
      ];
      for (const [competency, level, days] of signOffs) {
        const at = ago(days);
        const evidenceId = await writeSignOff(
          m,
          { volunteerId: holder.id, supervisorId: ben.id },
          competency,
          level,
          at,
        );
        // as before: no valid_until, and a rating already there keeps its status
        await rows(
          m,
          db
            .insertInto('competency_ratings')
            .values({
              volunteer_id: holder.id,
              competency_id: competency,
              level,
              status: 'current',
              evidence_ids: [evidenceId],
              signed_off_by: ben.id,
              signed_off_at: at,
              updated_at: at,
            })
            .onConflict((oc) =>
              oc.columns(['volunteer_id', 'competency_id']).doUpdateSet((eb) => ({
                level: eb.ref('excluded.level'),
                evidence_ids: eb.ref('excluded.evidence_ids'),
                signed_off_by: eb.ref('excluded.signed_off_by'),
                signed_off_at: eb.ref('excluded.signed_off_at'),
                updated_at: eb.ref('excluded.updated_at'),
              })),
            ),
        );
      }
      // 68.5 verified hours after becoming provisional: 31 one-to-one, 10.5 group, 27 crisis line
      const shifts: [number, number, string][] = [];
      for (let i = 0; i < 10; i++) shifts.push([200 - i * 14, 3.1, 'one-to-one']);
      for (let i = 0; i < 3; i++) shifts.push([190 - i * 20, 3.5, 'group']);
      for (let i = 0; i < 9; i++) shifts.push([180 - i * 15, 3, 'crisis-line']);
      for (const [days, hours, category] of shifts) {
        const reviewed = ago(days - 3);
        await rows(
          m,
          db.insertInto('practice_hours').values({
            organization_id: org.id,
            volunteer_user_id: holder.id,
            worked_on: day(days),
            hours,
            setting: category === 'crisis-line' ? 'Warm line, evening' : 'Drop-in centre',
            category,
            status: 'verified',
            reviewed_by: ben.id,
            reviewed_at: reviewed,
            created_at: reviewed,
          }),
        );
      }
      for (const days of [210, 180, 150, 120, 90, 60]) {
        await rows(
          m,
          db.insertInto('supervision_sessions').values({
            supervisor_id: ben.id,
            volunteer_id: holder.id,
            kind: 'session',
            held_on: day(days),
            topics: [],
            wellbeing: 4,
          }),
        );
      }
      return true;
    });
  }
}
