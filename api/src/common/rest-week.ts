/** Anything that runs SQL: a DataSource or a transaction's EntityManager. */
interface Queryable {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

/**
 * Who is in a rest week on the (UTC) day of `at` (issue 21). Every reminder path (competency expiry,
 * group drills, pathway renewal windows, the monthly check-in) skips them without marking the reminder
 * sent, so a reminder still due after the week goes out then. A rest week never changes a deadline.
 */
export async function restingUserIds(q: Queryable, at: Date): Promise<Set<string>> {
  const rows = await q.query<{ user_id: string }[]>(
    `SELECT DISTINCT user_id FROM rest_weeks WHERE $1::date BETWEEN starts_on AND ends_on`,
    [at.toISOString().slice(0, 10)],
  );
  return new Set(rows.map((r) => r.user_id));
}
