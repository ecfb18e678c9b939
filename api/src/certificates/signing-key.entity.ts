import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An organization's Ed25519 key; the private half only sealed with the key-encryption key. */
@Entity('signing_keys')
export class SigningKey {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ type: 'text' }) did: string;
  /** the Multikey JSON without its secret */
  @Column({ name: 'public_key', type: 'jsonb' }) publicKey: Record<string, unknown>;
  @Column({ name: 'sealed_private', type: 'text' }) sealedPrivate: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true }) retiredAt: Date | null;
}
