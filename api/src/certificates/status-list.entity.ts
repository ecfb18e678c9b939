import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type Purpose = 'revocation' | 'suspension';
/** A list's purpose: revocation and suspension lists are one bit per credential, message lists `statusSize` bits. */
export type ListPurpose = Purpose | 'message';

/** One key's list for one purpose (and, for `message`, one size), with the signed list credential served at `url`. */
@Entity('status_lists')
export class StatusListRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'signing_key_id', type: 'uuid' }) signingKeyId: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ type: 'text' }) purpose: ListPurpose;
  /** bits per entry: 1, except for a message list */
  @Column({ name: 'status_size', type: 'int' }) statusSize: number;
  @Column({ type: 'text' }) url: string;
  @Column({ name: 'encoded_list', type: 'text' }) encodedList: string;
  @Column({ type: 'jsonb' }) credential: Record<string, unknown>;
  @Column({ name: 'valid_until', type: 'timestamptz' }) validUntil: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
