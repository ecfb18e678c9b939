import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../organizations/membership.entity.js';

@Entity('invites')
export class Invite {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** SHA-256 of the token in the link; the token itself is never stored. */
  @Column({ name: 'token_hash', unique: true }) tokenHash: string;
  @Column() email: string;
  @Column() name: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ type: 'text' }) role: Role;
  @Column({ name: 'invited_by', type: 'uuid', nullable: true }) invitedBy: string | null;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true }) acceptedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
