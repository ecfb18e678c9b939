import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import { affected, db, first, rows, type Row } from '../database/sql.js';

export interface AreaRow {
  code: string;
  name: string;
  path: string;
  labelX: number;
  labelY: number;
  population: number | null;
  need: number | null;
  languagesAsked: string[];
}

const areasQuery = (organizationIds: string[]) =>
  db
    .selectFrom('network_areas')
    .select([
      'organization_id as organizationId',
      'code',
      'name',
      'path',
      'label_x as labelX',
      'label_y as labelY',
      'population',
      'need',
      'languages_asked as languagesAsked',
    ])
    .where('organization_id', 'in', organizationIds.length ? organizationIds : [null as never])
    .orderBy('organization_id')
    .orderBy('position');

const reachQuery = (organizationIds: string[], since: Date, now: Date, publicOnly: boolean) => {
  let q = db
    .selectFrom('volunteer_reach as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .where('u.disabled_at', 'is', null)
    .where('r.organization_id', 'in', organizationIds.length ? organizationIds : [null as never])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('memberships as m')
          .select('m.id')
          .whereRef('m.user_id', '=', 'r.user_id')
          .whereRef('m.organization_id', '=', 'r.organization_id')
          .where('m.role', '=', 'volunteer'),
      ),
    )
    .select([
      'r.user_id as userId',
      'r.organization_id as organizationId',
      'r.areas',
      'r.languages',
      // certified: holds a current certificate of this program
      sql<boolean>`EXISTS (SELECT 1 FROM credentials c WHERE c.holder_user_id = r.user_id
        AND c.organization_id = r.organization_id AND c.state = 'active' AND c.superseded_by IS NULL
        AND (c.valid_until IS NULL OR c.valid_until > ${now}))`.as('certified'),
      // trained: has completed every module of at least one course
      sql<boolean>`EXISTS (SELECT 1 FROM courses co WHERE EXISTS (SELECT 1 FROM modules mo WHERE mo.course_id = co.id)
        AND NOT EXISTS (SELECT 1 FROM modules mo WHERE mo.course_id = co.id AND NOT EXISTS (
          SELECT 1 FROM module_progress p WHERE p.user_id = r.user_id AND p.module_id = mo.id AND p.status = 'completed')))`.as(
        'trained',
      ),
      sql<number>`coalesce((SELECT sum(h.hours) FROM practice_hours h WHERE h.volunteer_user_id = r.user_id
        AND h.organization_id = r.organization_id AND h.status = 'verified' AND h.worked_on >= ${since}), 0)::float8`.as(
        'hours',
      ),
    ]);
  if (publicOnly) q = q.where('r.public', '=', true);
  return q;
};
export type ReachFacts = Row<ReturnType<typeof reachQuery>>;

/** Every statement of the network map: areas, the coordinator's upload, volunteers' reach. */
@Injectable()
export class NetworkRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  /** The maps of these organizations (all that have one when `organizationIds` is undefined). */
  maps(organizationIds?: string[]) {
    let q = db
      .selectFrom('network_maps as n')
      .innerJoin('organizations as o', 'o.id', 'n.organization_id')
      .select([
        'n.organization_id as organizationId',
        'o.slug',
        'o.name',
        'n.view_width as viewWidth',
        'n.view_height as viewHeight',
        'n.source_name as sourceName',
        'n.uploaded_at as uploadedAt',
      ])
      .orderBy('o.name');
    if (organizationIds)
      q = q.where(
        'n.organization_id',
        'in',
        organizationIds.length ? organizationIds : [null as never],
      );
    return rows(this.ds, q);
  }

  areas(organizationIds: string[]) {
    return rows(this.ds, areasQuery(organizationIds));
  }

  /** Per volunteer who declared a reach: what they serve and what counts about them (never leaves the service). */
  reach(organizationIds: string[], since: Date, now: Date, publicOnly: boolean) {
    return rows(this.ds, reachQuery(organizationIds, since, now, publicOnly));
  }

  myReach(userId: string, organizationIds: string[]) {
    return rows(
      this.ds,
      db
        .selectFrom('volunteer_reach')
        .select([
          'organization_id as organizationId',
          'areas',
          'languages',
          'public',
          'updated_at as updatedAt',
        ])
        .where('user_id', '=', userId)
        .where('organization_id', 'in', organizationIds.length ? organizationIds : [null as never]),
    );
  }

  async saveReach(
    m: EntityManager,
    r: {
      userId: string;
      organizationId: string;
      areas: string[];
      languages: string[];
      public: boolean;
      at: Date;
    },
  ) {
    return first(
      m,
      db
        .insertInto('volunteer_reach')
        .values({
          user_id: r.userId,
          organization_id: r.organizationId,
          areas: r.areas,
          languages: r.languages,
          public: r.public,
          updated_at: r.at,
        })
        .onConflict((oc) =>
          oc.columns(['user_id', 'organization_id']).doUpdateSet({
            areas: r.areas,
            languages: r.languages,
            public: r.public,
            updated_at: r.at,
          }),
        )
        .returning(['updated_at as updatedAt']),
    );
  }

  /** Replaces the organization's map and areas (one transaction: the public page never sees half a city). */
  async replaceMap(
    m: EntityManager,
    map: {
      organizationId: string;
      width: number;
      height: number;
      sourceName: string;
      by: string;
      at: Date;
    },
    areas: (AreaRow & { position: number })[],
  ): Promise<void> {
    await rows(
      m,
      db
        .insertInto('network_maps')
        .values({
          organization_id: map.organizationId,
          view_width: map.width,
          view_height: map.height,
          source_name: map.sourceName,
          uploaded_by: map.by,
          uploaded_at: map.at,
        })
        .onConflict((oc) =>
          oc.column('organization_id').doUpdateSet({
            view_width: map.width,
            view_height: map.height,
            source_name: map.sourceName,
            uploaded_by: map.by,
            uploaded_at: map.at,
          }),
        )
        .returning('organization_id'),
    );
    await affected(
      m,
      db.deleteFrom('network_areas').where('organization_id', '=', map.organizationId),
    );
    if (!areas.length) return;
    await rows(
      m,
      db
        .insertInto('network_areas')
        .values(
          areas.map((a) => ({
            organization_id: map.organizationId,
            code: a.code,
            name: a.name,
            position: a.position,
            path: a.path,
            label_x: a.labelX,
            label_y: a.labelY,
            population: a.population,
            need: a.need,
            languages_asked: a.languagesAsked,
          })),
        )
        .returning('code'),
    );
  }
}
