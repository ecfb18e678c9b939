import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

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

export interface EvidenceRow extends Required<NewEvidence> {
  id: string;
  createdAt: Date;
}

const COLUMNS = `id, volunteer_id AS "volunteerId", competency_id AS "competencyId", source, source_ref AS "sourceRef",
  actor_id AS "actorId", level, grade::float8 AS grade, note, link, corrects_id AS "correctsId", created_at AS "createdAt"`;

/** The append-only evidence log: inserts and reads only (the database refuses UPDATE and DELETE). */
@Injectable()
export class EvidenceRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async append(rows: NewEvidence[], manager?: EntityManager): Promise<EvidenceRow[]> {
    if (rows.length === 0) return [];
    const params: unknown[] = [];
    const values = rows.map((r) => {
      const base = params.length;
      params.push(
        r.volunteerId,
        r.competencyId,
        r.source,
        r.sourceRef ?? null,
        r.actorId ?? null,
        r.level ?? null,
        r.grade ?? null,
        r.note ?? null,
        r.link ?? null,
        r.correctsId ?? null,
      );
      return `(${Array.from({ length: 10 }, (_, i) => `$${base + i + 1}`).join(', ')})`;
    });
    return (manager ?? this.ds.manager).query(
      `INSERT INTO evidence (volunteer_id, competency_id, source, source_ref, actor_id, level, grade, note, link, corrects_id)
       VALUES ${values.join(', ')} RETURNING ${COLUMNS}`,
      params,
    );
  }

  forVolunteer(volunteerId: string, competencyId?: string): Promise<EvidenceRow[]> {
    return this.ds.query(
      `SELECT ${COLUMNS} FROM evidence WHERE volunteer_id = $1 AND ($2::text IS NULL OR competency_id = $2) ORDER BY created_at, id`,
      [volunteerId, competencyId ?? null],
    );
  }
}
