import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** Tables of the courses feature (see migration 1763790200000-courses). Queries live in the repositories. */

@Entity('courses')
export class CourseRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) slug: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'int' }) position: number;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity('modules')
export class ModuleRow {
  /** the content id (`deesc-02`), stable across edits and translations */
  @PrimaryColumn({ type: 'text' }) id: string;
  @Column({ name: 'course_id', type: 'uuid' }) courseId: string;
  @Column({ type: 'text' }) slug: string;
  @Column({ type: 'int' }) position: number;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'int' }) minutes: number;
  @Column({ name: 'current_version_id', type: 'uuid', nullable: true }) currentVersionId:
    string | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity('module_versions')
export class ModuleVersionRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'module_id', type: 'text' }) moduleId: string;
  @Column({ name: 'content_hash', type: 'text' }) contentHash: string;
  /** the full quiz, answers included: the API grades against the version that was read */
  @Column({ type: 'jsonb' }) quiz: unknown;
  @Column({ name: 'pass_mark', type: 'numeric' }) passMark: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('enrollments')
export class EnrollmentRow {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @PrimaryColumn({ name: 'course_id', type: 'uuid' }) courseId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

export const PROGRESS_STATUSES = ['started', 'completed'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

@Entity('module_progress')
export class ModuleProgressRow {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @PrimaryColumn({ name: 'module_id', type: 'text' }) moduleId: string;
  @Column({ name: 'module_version_id', type: 'uuid' }) moduleVersionId: string;
  @Column({ type: 'text' }) status: ProgressStatus;
  /** where the reader was: the id of the heading they had reached */
  @Column({ type: 'text', nullable: true }) position: string | null;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt: Date | null;
}

@Entity('quiz_attempts')
export class QuizAttemptRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'module_id', type: 'text' }) moduleId: string;
  @Column({ name: 'module_version_id', type: 'uuid' }) moduleVersionId: string;
  @Column({ type: 'jsonb' }) answers: Record<string, string>;
  @Column({ type: 'int' }) score: number;
  @Column({ type: 'int' }) total: number;
  @Column({ type: 'boolean' }) passed: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

export const EVIDENCE_SOURCES = [
  'module',
  'knowledge_check',
  'drill',
  'observation',
  'prior_learning',
  'supervision',
] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

/** The append-only evidence log (a trigger refuses UPDATE and DELETE). */
@Entity('evidence')
export class EvidenceRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'volunteer_id', type: 'uuid' }) volunteerId: string;
  @Column({ name: 'competency_id', type: 'text' }) competencyId: string;
  @Column({ type: 'text' }) source: EvidenceSource;
  @Column({ name: 'source_ref', type: 'text', nullable: true }) sourceRef: string | null;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId: string | null;
  @Column({ type: 'text', nullable: true }) level: string | null;
  @Column({ type: 'numeric', nullable: true }) grade: string | null;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ type: 'text', nullable: true }) link: string | null;
  @Column({ name: 'corrects_id', type: 'uuid', nullable: true }) correctsId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

export const COURSE_ENTITIES = [
  CourseRow,
  ModuleRow,
  ModuleVersionRow,
  EnrollmentRow,
  ModuleProgressRow,
  QuizAttemptRow,
  EvidenceRow,
];
