import { sql } from 'kysely';
import { db, rows, type Runner } from '../database/sql.js';

/**
 * Who is in a rest week on the (UTC) day of `at` (issue 21). Every reminder path (competency expiry,
 * group drills, pathway renewal windows, the monthly check-in) skips them without marking the reminder
 * sent, so a reminder still due after the week goes out then. A rest week never changes a deadline.
 */
export async function restingUserIds(on: Runner, at: Date): Promise<Set<string>> {
  const day = at.toISOString().slice(0, 10);
  const resting = await rows(
    on,
    db
      .selectFrom('rest_weeks')
      .select('user_id')
      .distinct()
      .where(sql<boolean>`${day}::date BETWEEN starts_on AND ends_on`),
  );
  return new Set(resting.map((r) => r.user_id));
}
