import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One line of the append-only audit log; `hash` covers the line and the previous line's hash. */
@Entity('audit_log')
export class AuditEntry {
  @PrimaryColumn({ type: 'bigint' }) seq: string;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ name: 'organization_id', type: 'uuid', nullable: true }) organizationId: string | null;
  /** `user:<uuid>`, `client:<client_id>`, `system`, or `operator` (a `pnpm kindred` command on the server) */
  @Column({ type: 'text' }) actor: string;
  @Column({ type: 'text' }) action: string;
  @Column({ type: 'text' }) subject: string;
  @Column({ type: 'jsonb' }) details: Record<string, unknown>;
  @Column({ name: 'prev_hash', type: 'text' }) prevHash: string;
  @Column({ type: 'text' }) hash: string;
}
