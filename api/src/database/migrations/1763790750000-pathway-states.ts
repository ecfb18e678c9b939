import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pathways (issue 8, engine): a volunteer's stage is derived from evidence, hours and the CE ledger, never
 * typed in. `pathway_states` keeps the last derived snapshot per volunteer and pathway so the nightly sweep
 * can see what changed (each change goes to the hash-chained audit log) and the coordinator view can count
 * stages fast; `pathway_reminders_sent` makes the renewal-window reminders idempotent.
 */
export class PathwayStates1763790750000 implements MigrationInterface {
  name = 'PathwayStates1763790750000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pathway_states (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        pathway_slug text NOT NULL,
        organization_id uuid REFERENCES organizations(id) ON DELETE SET NULL,
        stage_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('trainee', 'provisional', 'current', 'renewed', 'lapsed')),
        since date NOT NULL,
        next_stage_id text,
        next_deadline date,
        missing int NOT NULL CHECK (missing >= 0),
        valid_until date,
        renewal_window text CHECK (renewal_window IN ('not_open', 'open', 'grace', 'closed')),
        renewals int NOT NULL DEFAULT 0,
        computed_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, pathway_slug)
      );
      CREATE INDEX pathway_states_org ON pathway_states (organization_id, pathway_slug, stage_id);

      CREATE TABLE pathway_reminders_sent (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        pathway_slug text NOT NULL,
        valid_until date NOT NULL,
        kind text NOT NULL CHECK (kind IN ('window_opened', 'window_closing')),
        sent_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, pathway_slug, valid_until, kind)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE pathway_reminders_sent; DROP TABLE pathway_states;`);
  }
}
