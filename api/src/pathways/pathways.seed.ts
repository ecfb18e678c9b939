import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DAY_MS } from '@kindred/certificates';

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
      const [holder] = await m.query(`SELECT id FROM users WHERE email = $1`, [HOLDER]);
      const [ben] = await m.query(`SELECT id FROM users WHERE email = $1`, [SUPERVISOR]);
      const [org] = await m.query(
        `SELECT organization_id AS id FROM memberships WHERE user_id = $1 AND role = 'volunteer' LIMIT 1`,
        [holder?.id],
      );
      if (!holder || !ben || !org) return false;
      if (
        (
          await m.query(`SELECT 1 FROM practice_hours WHERE volunteer_user_id = $1 LIMIT 1`, [
            holder.id,
          ])
        ).length
      )
        return false;
      const ago = (days: number) => new Date(Date.now() - days * DAY_MS);
      const day = (days: number) => ago(days).toISOString().slice(0, 10);

      await m.query(
        `UPDATE memberships SET created_at = $2 WHERE user_id = $1 AND role = 'volunteer'`,
        [holder.id, ago(240)],
      );
      for (const [slug, days] of [
        ['peer-roles', 230],
        ['crisis-de-escalation', 225],
        ['trauma-informed-care', 150],
      ] as const) {
        await m.query(
          `INSERT INTO enrollments (user_id, course_id, created_at) SELECT $1, id, $3 FROM courses WHERE slug = $2
           ON CONFLICT DO NOTHING`,
          [holder.id, slug, ago(days)],
        );
        await m.query(
          `INSERT INTO module_progress (user_id, module_id, module_version_id, status, started_at, updated_at, completed_at)
           SELECT $1, md.id, md.current_version_id, 'completed', $3, $3, $3 FROM modules md JOIN courses c ON c.id = md.course_id WHERE c.slug = $2
           ON CONFLICT (user_id, module_id) DO NOTHING`,
          [holder.id, slug, ago(days)],
        );
      }
      for (const [drill, days] of [
        ['deesc-library-01', 228],
        ['deesc-bus-stop-01', 140],
      ] as const) {
        await m.query(
          `INSERT INTO drill_attempts (volunteer_id, organization_id, drill_id, drill_hash, status, current_node, score, max_score, pass_score, passed, started_at, updated_at, finished_at)
           VALUES ($1, $2, $3, 'demo', 'finished', 'end', 8, 10, 6, true, $4, $4, $4)`,
          [holder.id, org.id, drill, ago(days)],
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
        const [req] = await m.query(
          `INSERT INTO signoff_requests (volunteer_id, competency_id, origin, status, created_at, decided_at, decided_by, level, comment)
           VALUES ($1, $2, 'volunteer', 'signed_off', $4, $4, $5, $3, 'Observed in supervised practice') RETURNING id`,
          [holder.id, competency, level, ago(days), ben.id],
        );
        const [obs] = await m.query(
          `INSERT INTO evidence (volunteer_id, competency_id, source, source_ref, actor_id, level, note, created_at) VALUES ($1, $2, 'observation', $3, $4, $5, 'Observed in supervised practice', $6) RETURNING id`,
          [holder.id, competency, `signoff:${req.id}`, ben.id, level, ago(days)],
        );
        await m.query(`UPDATE signoff_requests SET observation_evidence_id = $2 WHERE id = $1`, [
          req.id,
          obs.id,
        ]);
        await m.query(
          `INSERT INTO competency_ratings (volunteer_id, competency_id, level, status, evidence_ids, signed_off_by, signed_off_at, updated_at) VALUES ($1, $2, $3, 'current', ARRAY[$6::uuid], $5, $4, $4)
           ON CONFLICT (volunteer_id, competency_id) DO UPDATE SET level = EXCLUDED.level, evidence_ids = EXCLUDED.evidence_ids, signed_off_by = EXCLUDED.signed_off_by, signed_off_at = EXCLUDED.signed_off_at, updated_at = EXCLUDED.updated_at`,
          [holder.id, competency, level, ago(days), ben.id, obs.id],
        );
      }
      // 68.5 verified hours after becoming provisional: 31 one-to-one, 10.5 group, 27 crisis line
      const shifts: [number, number, string][] = [];
      for (let i = 0; i < 10; i++) shifts.push([200 - i * 14, 3.1, 'one-to-one']);
      for (let i = 0; i < 3; i++) shifts.push([190 - i * 20, 3.5, 'group']);
      for (let i = 0; i < 9; i++) shifts.push([180 - i * 15, 3, 'crisis-line']);
      for (const [days, hours, category] of shifts) {
        await m.query(
          `INSERT INTO practice_hours (organization_id, volunteer_user_id, worked_on, hours, setting, category, status, reviewed_by, reviewed_at, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'verified', $7, $8, $8)`,
          [
            org.id,
            holder.id,
            day(days),
            hours,
            category === 'crisis-line' ? 'Warm line, evening' : 'Drop-in centre',
            category,
            ben.id,
            ago(days - 3),
          ],
        );
      }
      for (const days of [210, 180, 150, 120, 90, 60]) {
        await m.query(
          `INSERT INTO supervision_sessions (supervisor_id, volunteer_id, kind, held_on, topics, wellbeing) VALUES ($1, $2, 'session', $3, '{}', 4)`,
          [ben.id, holder.id, day(days)],
        );
      }
      return true;
    });
  }
}
