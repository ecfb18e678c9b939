import type { EntityManager } from 'typeorm';
import { DAY_MS } from '@kindred/certificates/dates';

/** What a certificate program asks for, as the demo seed writes it (certificates/programs/*.yaml). */
export interface EarnedRequirements {
  courses: readonly string[];
  drills: readonly string[];
  competencies: readonly { id: string; level: string }[];
}

/**
 * A demo volunteer's record of having earned what a program requires, written as the modules themselves
 * write it (enrollments and completed modules, passed drills, supervisor sign-offs with their observation
 * evidence and ratings), backdated from `daysAgo`. So nobody in the demo holds a certificate whose
 * requirements they have not met. Only for someone without sign-offs yet (idempotent on every start).
 */
export async function writeEarnedRecord(
  m: EntityManager,
  who: { holderId: string; supervisorId: string; organizationId: string },
  needs: EarnedRequirements,
  daysAgo: number,
): Promise<boolean> {
  const { holderId, supervisorId, organizationId } = who;
  const already = await m.query(`SELECT 1 FROM signoff_requests WHERE volunteer_id = $1 LIMIT 1`, [
    holderId,
  ]);
  if (already.length) return false;
  const ago = (days: number) => new Date(Date.now() - days * DAY_MS);
  await m.query(
    `UPDATE memberships SET created_at = LEAST(created_at, $2) WHERE user_id = $1 AND role = 'volunteer'`,
    [holderId, ago(daysAgo + 30)],
  );
  for (const [i, slug] of needs.courses.entries()) {
    const at = ago(daysAgo - i * 7);
    await m.query(
      `INSERT INTO enrollments (user_id, course_id, created_at) SELECT $1, id, $3 FROM courses WHERE slug = $2
       ON CONFLICT DO NOTHING`,
      [holderId, slug, at],
    );
    await m.query(
      `INSERT INTO module_progress (user_id, module_id, module_version_id, status, started_at, updated_at, completed_at)
       SELECT $1, md.id, md.current_version_id, 'completed', $3, $3, $3
         FROM modules md JOIN courses c ON c.id = md.course_id WHERE c.slug = $2
       ON CONFLICT (user_id, module_id) DO UPDATE SET status = 'completed',
         completed_at = COALESCE(module_progress.completed_at, EXCLUDED.completed_at)`,
      [holderId, slug, at],
    );
  }
  for (const [i, drill] of needs.drills.entries()) {
    const at = ago(daysAgo - 30 - i * 5);
    await m.query(
      `INSERT INTO drill_attempts (volunteer_id, organization_id, drill_id, drill_hash, status, current_node, score, max_score, pass_score, passed, started_at, updated_at, finished_at)
       VALUES ($1, $2, $3, 'demo', 'finished', 'end', 9, 10, 6, true, $4, $4, $4)`,
      [holderId, organizationId, drill, at],
    );
  }
  for (const [i, c] of needs.competencies.entries()) {
    const at = ago(Math.max(1, daysAgo - 60 - i));
    const [req] = await m.query(
      `INSERT INTO signoff_requests (volunteer_id, competency_id, origin, status, created_at, decided_at, decided_by, level, comment)
       VALUES ($1, $2, 'volunteer', 'signed_off', $4, $4, $5, $3, 'Observed in supervised practice') RETURNING id`,
      [holderId, c.id, c.level, at, supervisorId],
    );
    const [obs] = await m.query(
      `INSERT INTO evidence (volunteer_id, competency_id, source, source_ref, actor_id, level, note, created_at)
       VALUES ($1, $2, 'observation', $3, $4, $5, 'Observed in supervised practice', $6) RETURNING id`,
      [holderId, c.id, `signoff:${req.id}`, supervisorId, c.level, at],
    );
    await m.query(`UPDATE signoff_requests SET observation_evidence_id = $2 WHERE id = $1`, [
      req.id,
      obs.id,
    ]);
    await m.query(
      `INSERT INTO competency_ratings (volunteer_id, competency_id, level, status, evidence_ids, signed_off_by, signed_off_at, valid_until, updated_at)
       VALUES ($1, $2, $3, 'current', ARRAY[$6::uuid], $5, $4, $4::timestamptz + interval '24 months', $4)
       ON CONFLICT (volunteer_id, competency_id) DO UPDATE SET level = EXCLUDED.level, status = 'current',
         evidence_ids = EXCLUDED.evidence_ids, signed_off_by = EXCLUDED.signed_off_by,
         signed_off_at = EXCLUDED.signed_off_at, valid_until = EXCLUDED.valid_until,
         updated_at = EXCLUDED.updated_at`,
      [holderId, c.id, c.level, at, supervisorId, obs.id],
    );
  }
  return true;
}
