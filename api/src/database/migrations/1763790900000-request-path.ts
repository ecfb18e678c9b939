import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * For the request path (PERFORMANCE.md).
 *
 * 1. The cohort matrix reads every rating of a supervisor's volunteers: a covering index lets it read them
 *    from the index alone (one volunteer's ratings side by side) instead of one heap page per rating.
 *
 * 2. The in-process caches of signed-in sessions and users (api/src/common/cache-bus.ts) are told of every
 * change by NOTIFY on the `kindred_cache` channel, sent on commit by these triggers whatever code path made
 * the change: a session deleted (sign-out, sign-out everywhere after a password reset, pruning), an account
 * changed or disabled, a role given or taken, an organization renamed.
 */
export class RequestPath1763790900000 implements MigrationInterface {
  name = 'RequestPath1763790900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX competency_ratings_matrix ON competency_ratings (volunteer_id) INCLUDE (competency_id, level, status, valid_until)`,
    );
    await q.query(`
      CREATE FUNCTION kindred_notify_session() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('kindred_cache', 'session:' || OLD.sid);
        RETURN NULL;
      END $$;
      CREATE TRIGGER sessions_cache AFTER UPDATE OR DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION kindred_notify_session();

      CREATE FUNCTION kindred_notify_user() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'users' THEN
          PERFORM pg_notify('kindred_cache', 'user:' || OLD.id);
        ELSIF TG_OP = 'INSERT' THEN
          PERFORM pg_notify('kindred_cache', 'user:' || NEW.user_id);
        ELSE
          PERFORM pg_notify('kindred_cache', 'user:' || OLD.user_id);
          IF TG_OP = 'UPDATE' THEN PERFORM pg_notify('kindred_cache', 'user:' || NEW.user_id); END IF;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER users_cache AFTER UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION kindred_notify_user();
      CREATE TRIGGER memberships_cache AFTER INSERT OR UPDATE OR DELETE ON memberships FOR EACH ROW EXECUTE FUNCTION kindred_notify_user();

      CREATE FUNCTION kindred_notify_all_users() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('kindred_cache', 'users:*');
        RETURN NULL;
      END $$;
      CREATE TRIGGER organizations_cache AFTER UPDATE OR DELETE ON organizations FOR EACH STATEMENT EXECUTE FUNCTION kindred_notify_all_users();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER organizations_cache ON organizations;
      DROP TRIGGER memberships_cache ON memberships;
      DROP TRIGGER users_cache ON users;
      DROP TRIGGER sessions_cache ON sessions;
      DROP FUNCTION kindred_notify_all_users(), kindred_notify_user(), kindred_notify_session();
      DROP INDEX competency_ratings_matrix;
    `);
  }
}
