import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Stored lower-cased; unique. */
  @Column({ unique: true }) email: string;
  @Column() name: string;
  @Column({ name: 'password_hash', type: 'text', nullable: true }) passwordHash: string | null;
  /** The language the person chose; null: follow the browser. */
  @Column({ type: 'text', nullable: true }) locale: string | null;
  /** the browser's language at the last sign-in (Accept-Language); mail falls back to it */
  @Column({ type: 'text', name: 'browser_locale', nullable: true }) browserLocale: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true }) disabledAt: Date | null;
}
