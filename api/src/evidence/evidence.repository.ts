import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import { db, rows, type Row } from '../database/sql.js';

export const EVIDENCE_SOURCES = [
  'module',
  'knowledge_check',
  'drill',
  'observation',
  'prior_learning',
  'supervision',
] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

export interface NewEvidence {
  volunteerId: string;
  competencyId: string;
  source: EvidenceSource;
  sourceRef?: string | null;
  actorId?: string | null;
  level?: string | null;
  /** 0..1 */
  grade?: number | null;
  note?: string | null;
  link?: string | null;
  /** A correction points at the entry it corrects; nothing is ever changed in place. */
  correctsId?: string | null;
}

/** The columns of an evidence row as the services see it; `grade` is numeric, read as a double (0..1). */
const columns = [
  'id',
  'volunteer_id as volunteerId',
  'competency_id as competencyId',
  'source',
  'source_ref as sourceRef',
  'actor_id as actorId',
  'level',
  sql<number | null>`grade::float8`.as('grade'),
  'note',
  'link',
  'corrects_id as correctsId',
  'created_at as createdAt',
] as const;

const evidenceQuery = () =>
  db.selectFrom('evidence').select(columns).$narrowType<{ source: EvidenceSource }>();

/** An entry of the evidence log (typed from the schema). */
export type EvidenceRow = Row<ReturnType<typeof evidenceQuery>>;

/** The append-only evidence log: inserts and reads only (the database refuses UPDATE and DELETE). */
@Injectable()
export class EvidenceRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async append(entries: NewEvidence[], manager?: EntityManager): Promise<EvidenceRow[]> {
    if (entries.length === 0) return [];
    return rows(
      manager ?? this.ds,
      db
        .insertInto('evidence')
        .values(
          entries.map((r) => ({
            volunteer_id: r.volunteerId,
            competency_id: r.competencyId,
            source: r.source,
            source_ref: r.sourceRef ?? null,
            actor_id: r.actorId ?? null,
            level: r.level ?? null,
            grade: r.grade ?? null,
            note: r.note ?? null,
            link: r.link ?? null,
            corrects_id: r.correctsId ?? null,
          })),
        )
        .returning(columns)
        .$narrowType<{ source: EvidenceSource }>(),
    );
  }

  forVolunteer(volunteerId: string, competencyId?: string): Promise<EvidenceRow[]> {
    let q = evidenceQuery().where('volunteer_id', '=', volunteerId);
    if (competencyId !== undefined) q = q.where('competency_id', '=', competencyId);
    return rows(this.ds, q.orderBy('created_at').orderBy('id'));
  }
}
