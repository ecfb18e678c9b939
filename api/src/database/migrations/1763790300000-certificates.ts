import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Certificates: signing keys per organization (private halves sealed with the key-encryption key),
 * issued credentials, their status lists, co-issuance requests waiting for a university, API clients
 * for service issuance, and the append-only, hash-chained audit log.
 */
export class Certificates1763790300000 implements MigrationInterface {
  name = 'Certificates1763790300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE signing_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
        did text NOT NULL UNIQUE CHECK (did LIKE 'did:key:z6Mk%'),
        public_key jsonb NOT NULL,
        sealed_private text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz
      );
      -- one key signs new credentials; retired ones stay so old certificates (and their lists) verify
      CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys (organization_id) WHERE retired_at IS NULL;

      CREATE TABLE status_lists (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        signing_key_id uuid NOT NULL REFERENCES signing_keys(id) ON DELETE RESTRICT,
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
        purpose text NOT NULL CHECK (purpose IN ('revocation', 'suspension')),
        url text NOT NULL UNIQUE,
        encoded_list text NOT NULL,
        credential jsonb NOT NULL,
        valid_until timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (signing_key_id, purpose)
      );

      CREATE TABLE credentials (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
        signing_key_id uuid NOT NULL REFERENCES signing_keys(id) ON DELETE RESTRICT,
        holder_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        program_slug text,
        co_issuer_organization_id uuid REFERENCES organizations(id) ON DELETE RESTRICT,
        revocation_list_id uuid REFERENCES status_lists(id),
        revocation_index int CHECK (revocation_index >= 0),
        suspension_list_id uuid REFERENCES status_lists(id),
        suspension_index int CHECK (suspension_index >= 0),
        signed jsonb NOT NULL,
        issued_at timestamptz NOT NULL,
        valid_until timestamptz,
        hidden boolean NOT NULL DEFAULT false,
        superseded_by uuid REFERENCES credentials(id),
        state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'revoked', 'suspended')),
        state_reason text,
        state_changed_at timestamptz,
        issued_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        issued_by_client_id uuid,
        CHECK ((state = 'active') = (state_reason IS NULL)),
        UNIQUE (revocation_list_id, revocation_index),
        UNIQUE (suspension_list_id, suspension_index)
      );
      CREATE INDEX credentials_holder ON credentials (holder_user_id, issued_at DESC);
      CREATE INDEX credentials_org ON credentials (organization_id, issued_at DESC);

      CREATE TABLE certificate_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        co_issuer_organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        holder_user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        program_slug text NOT NULL,
        requested_by uuid REFERENCES users(id) ON DELETE SET NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined')),
        decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
        decided_at timestamptz,
        credential_id uuid REFERENCES credentials(id)
      );
      -- one open request per volunteer and program
      CREATE UNIQUE INDEX certificate_requests_one_pending ON certificate_requests (holder_user_id, program_slug) WHERE status = 'pending';
      CREATE INDEX certificate_requests_co_issuer ON certificate_requests (co_issuer_organization_id, status, requested_at);

      CREATE TABLE api_clients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id text NOT NULL UNIQUE,
        secret_hash text NOT NULL,
        name text NOT NULL,
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      );

      CREATE TABLE audit_log (
        seq bigint PRIMARY KEY,
        at timestamptz NOT NULL,
        organization_id uuid,
        actor text NOT NULL,
        action text NOT NULL,
        subject text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        prev_hash text NOT NULL,
        hash text NOT NULL UNIQUE
      );
      CREATE INDEX audit_log_subject ON audit_log (subject);
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE audit_log;
      DROP FUNCTION audit_log_append_only();
      DROP TABLE api_clients, certificate_requests, credentials, status_lists, signing_keys;
    `);
  }
}
