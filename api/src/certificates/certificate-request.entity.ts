import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type RequestStatus = 'pending' | 'approved' | 'declined';

/** A co-issued program certificate waiting for the university: nothing is signed before approval. */
@Entity('certificate_requests')
export class CertificateRequest {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ name: 'co_issuer_organization_id', type: 'uuid' }) coIssuerOrganizationId: string;
  @Column({ name: 'holder_user_id', type: 'uuid' }) holderUserId: string;
  @Column({ name: 'program_slug', type: 'text' }) programSlug: string;
  @Column({ name: 'requested_by', type: 'uuid', nullable: true }) requestedBy: string | null;
  @Column({ name: 'requested_at', type: 'timestamptz' }) requestedAt: Date;
  @Column({ type: 'text', default: 'pending' }) status: RequestStatus;
  @Column({ name: 'decided_by', type: 'uuid', nullable: true }) decidedBy: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  @Column({ name: 'credential_id', type: 'uuid', nullable: true }) credentialId: string | null;
}
