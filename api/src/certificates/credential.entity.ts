import { Column, Entity, PrimaryColumn } from 'typeorm';

export type CredentialState = 'active' | 'revoked' | 'suspended';

/** The public reason category of a revocation (what `/verify` shows); the free-text reason stays private. */
export const REVOCATION_CATEGORIES = [
  'issued_in_error',
  'requirements_no_longer_met',
  'holder_request',
  'other',
] as const;
export type RevocationCategory = (typeof REVOCATION_CATEGORIES)[number];

/** A signed credential as issued; `signed` is the exact JSON the holder received. */
@Entity('credentials')
export class CredentialRow {
  /** the uuid of its `urn:uuid:` id */
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ name: 'signing_key_id', type: 'uuid' }) signingKeyId: string;
  @Column({ name: 'holder_user_id', type: 'uuid', nullable: true }) holderUserId: string | null;
  @Column({ name: 'program_slug', type: 'text', nullable: true }) programSlug: string | null;
  @Column({ name: 'co_issuer_organization_id', type: 'uuid', nullable: true })
  coIssuerOrganizationId: string | null;
  @Column({ name: 'revocation_list_id', type: 'uuid', nullable: true }) revocationListId:
    string | null;
  @Column({ name: 'revocation_index', type: 'int', nullable: true }) revocationIndex: number | null;
  @Column({ name: 'suspension_list_id', type: 'uuid', nullable: true }) suspensionListId:
    string | null;
  @Column({ name: 'suspension_index', type: 'int', nullable: true }) suspensionIndex: number | null;
  @Column({ type: 'jsonb' }) signed: Record<string, unknown>;
  @Column({ name: 'issued_at', type: 'timestamptz' }) issuedAt: Date;
  @Column({ name: 'valid_until', type: 'timestamptz', nullable: true }) validUntil: Date | null;
  @Column({ type: 'boolean', default: false }) hidden: boolean;
  @Column({ name: 'superseded_by', type: 'uuid', nullable: true }) supersededBy: string | null;
  @Column({ type: 'text', default: 'active' }) state: CredentialState;
  @Column({ name: 'state_reason', type: 'text', nullable: true }) stateReason: string | null;
  @Column({ name: 'state_changed_at', type: 'timestamptz', nullable: true })
  stateChangedAt: Date | null;
  @Column({ name: 'revocation_category', type: 'text', nullable: true })
  revocationCategory: RevocationCategory | null;
  @Column({ name: 'issued_by_user_id', type: 'uuid', nullable: true }) issuedByUserId:
    string | null;
  @Column({ name: 'issued_by_client_id', type: 'uuid', nullable: true }) issuedByClientId:
    string | null;
}
