import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type OrganizationKind = 'program' | 'university';

@Entity('organizations')
export class Organization {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ unique: true }) slug: string;
  @Column() name: string;
  @Column({ type: 'text' }) kind: OrganizationKind;
  @Column({ type: 'text', nullable: true }) url: string | null;
  /** US state (or territory) code whose reporting law applies to the program, e.g. OH. */
  @Column({ name: 'reporting_state', type: 'text', nullable: true }) reportingState: string | null;
  /** The program's reporting route, in its own words: who reports, to whom, how fast. */
  @Column({ name: 'reporting_route', type: 'text', nullable: true }) reportingRoute: string | null;
  @Column({ name: 'reporting_updated_at', type: 'timestamptz', nullable: true })
  reportingUpdatedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
