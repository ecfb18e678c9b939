import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type Purpose = 'revocation' | 'suspension';

/** One key's list for one purpose, with the signed list credential served at `url`. */
@Entity('status_lists')
export class StatusListRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'signing_key_id', type: 'uuid' }) signingKeyId: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ type: 'text' }) purpose: Purpose;
  @Column({ type: 'text' }) url: string;
  @Column({ name: 'encoded_list', type: 'text' }) encodedList: string;
  @Column({ type: 'jsonb' }) credential: Record<string, unknown>;
  @Column({ name: 'valid_until', type: 'timestamptz' }) validUntil: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
