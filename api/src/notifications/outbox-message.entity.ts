import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type OutboxStatus = 'pending' | 'sent' | 'stored' | 'failed';

@Entity('outbox_messages')
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'organization_id', type: 'uuid', nullable: true }) organizationId: string | null;
  @Column({ name: 'to_address' }) to: string;
  @Column() subject: string;
  @Column({ type: 'text' }) text: string;
  @Column({ type: 'text' }) kind: string;
  /** pending: to be sent by SMTP; stored: no SMTP configured, readable by coordinators in the app. */
  @Column({ type: 'text' }) status: OutboxStatus;
  @Column({ type: 'text', nullable: true }) error: string | null;
  @Column({ type: 'int', default: 0 }) attempts: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt: Date | null;
}
