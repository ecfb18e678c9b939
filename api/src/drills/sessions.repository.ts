import { Injectable } from '@nestjs/common';
import { restingUserIds } from '../common/rest-week.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import { affected, anyUuid, db, first, jsonb, rows, type Row } from '../database/sql.js';
import type { SessionRole } from './sessions.dto.js';

/** A session's columns, as the service reads them (`drill_sessions as s`). */
const SESSION = [
  's.id',
  's.organization_id as organizationId',
  's.created_by as createdBy',
  's.drill_id as drillId',
  's.kind',
  's.title',
  's.injects',
  's.starts_at as startsAt',
  's.minutes',
  's.place',
  's.video_url as videoUrl',
  's.status',
  's.started_at as startedAt',
  's.released',
  's.debrief',
] as const;

/** What the CHECKed columns hold; `injects` is a jsonb array of timed prompts. */
type SessionNarrowed = {
  kind: 'tabletop' | 'field';
  status: 'scheduled' | 'running' | 'closed';
  injects: { minute: number; text: string }[];
};

const sessionQuery = () =>
  db.selectFrom('drill_sessions as s').select(SESSION).$narrowType<SessionNarrowed>();

export type SessionRow = Row<ReturnType<typeof sessionQuery>>;

const participantQuery = () =>
  db
    .selectFrom('drill_session_participants as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.user_id as userId', 'u.name', 'u.email', 'u.locale', 'p.role', 'p.attended'])
    .$narrowType<{ role: SessionRole }>();

/** A participant; `locale` is the person's saved language (null: none chosen). */
export type ParticipantRow = Row<ReturnType<typeof participantQuery>>;

export interface DueReminder {
  sessionId: string;
  userId: string;
  email: string;
  personName: string;
  locale: string | null;
  personRole: SessionRole;
}

/** Every query of scheduled group drills. */
@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Who is in a rest week today: reminders wait until it ends (issue 21). */
  resting(at: Date, m?: EntityManager): Promise<Set<string>> {
    return restingUserIds(m ?? this.ds, at);
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  async create(
    m: EntityManager,
    s: Omit<SessionRow, 'id' | 'status' | 'startedAt' | 'released' | 'debrief'>,
    participants: { userId: string; role: SessionRole }[],
    at: Date,
  ): Promise<string> {
    const row = await first(
      m,
      db
        .insertInto('drill_sessions')
        .values({
          organization_id: s.organizationId,
          created_by: s.createdBy,
          drill_id: s.drillId,
          kind: s.kind,
          title: s.title,
          injects: jsonb(s.injects),
          starts_at: s.startsAt,
          minutes: s.minutes,
          place: s.place,
          video_url: s.videoUrl,
          created_at: at,
        })
        .returning('id'),
    );
    const id = row!.id;
    if (participants.length > 0)
      await affected(
        m,
        db
          .insertInto('drill_session_participants')
          .values(participants.map((p) => ({ session_id: id, user_id: p.userId, role: p.role }))),
      );
    return id;
  }

  session(id: string, m?: EntityManager, lock = false): Promise<SessionRow | undefined> {
    return first(
      m ?? this.ds.manager,
      sessionQuery()
        .where('s.id', '=', id)
        .$if(lock, (qb) => qb.forUpdate()),
    );
  }

  participants(sessionId: string, m?: EntityManager): Promise<ParticipantRow[]> {
    return rows(
      m ?? this.ds.manager,
      participantQuery()
        .where('p.session_id', '=', sessionId)
        .orderBy(sql`array_position(ARRAY['facilitator','caller','responder','observer'], p.role)`)
        .orderBy('u.name'),
    );
  }

  /** Sessions in the given organizations, or where the person takes part; upcoming first. */
  list(
    userId: string,
    organizationIds: string[],
  ): Promise<(SessionRow & { myRole: SessionRole | null })[]> {
    return rows(
      this.ds,
      sessionQuery()
        .leftJoin('drill_session_participants as p', (j) =>
          j.onRef('p.session_id', '=', 's.id').on('p.user_id', '=', userId),
        )
        .select('p.role as myRole')
        .$narrowType<{ myRole: SessionRole | null }>()
        .where((eb) =>
          eb.or([
            eb('s.organization_id', '=', anyUuid(organizationIds)),
            eb('p.user_id', 'is not', null),
          ]),
        )
        .orderBy(sql`s.status = 'closed'`)
        .orderBy('s.starts_at')
        .limit(200),
    );
  }

  /** Which of these people belong to the organization (any role). */
  async membersOf(organizationId: string, userIds: string[]): Promise<Set<string>> {
    const members = await rows(
      this.ds,
      db
        .selectFrom('memberships')
        .select('user_id')
        .distinct()
        .where('organization_id', '=', organizationId)
        .where('user_id', '=', anyUuid(userIds)),
    );
    return new Set(members.map((r) => r.user_id));
  }

  candidates(organizationIds: string[]): Promise<{ userId: string; name: string; role: string }[]> {
    return rows(
      this.ds,
      db
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.id as userId', 'u.name', 'm.role'])
        .where('m.organization_id', '=', anyUuid(organizationIds))
        .where('m.role', 'in', ['volunteer', 'supervisor', 'coordinator'])
        .where('u.disabled_at', 'is', null)
        .orderBy('u.name')
        .orderBy('m.role')
        .limit(1000),
    );
  }

  async start(m: EntityManager, id: string, at: Date): Promise<void> {
    await affected(
      m,
      db
        .updateTable('drill_sessions')
        .set({ status: 'running', started_at: at })
        .where('id', '=', id),
    );
  }

  async release(m: EntityManager, id: string, released: number): Promise<void> {
    await affected(m, db.updateTable('drill_sessions').set({ released }).where('id', '=', id));
  }

  async addNote(
    m: EntityManager,
    n: { sessionId: string; authorId: string; minute: number; text: string; at: Date },
  ): Promise<void> {
    await affected(
      m,
      db.insertInto('drill_session_notes').values({
        session_id: n.sessionId,
        author_id: n.authorId,
        minute: n.minute,
        text: n.text,
        created_at: n.at,
      }),
    );
  }

  notes(
    sessionId: string,
  ): Promise<{ minute: number; text: string; authorName: string; createdAt: Date }[]> {
    return rows(
      this.ds,
      db
        .selectFrom('drill_session_notes as n')
        .innerJoin('users as u', 'u.id', 'n.author_id')
        .select(['n.minute', 'n.text', 'u.name as authorName', 'n.created_at as createdAt'])
        .where('n.session_id', '=', sessionId)
        .orderBy('n.created_at')
        .orderBy('n.id'),
    );
  }

  async setAttendance(
    m: EntityManager,
    sessionId: string,
    userId: string,
    attended: boolean,
  ): Promise<void> {
    await affected(
      m,
      db
        .updateTable('drill_session_participants')
        .set({ attended })
        .where('session_id', '=', sessionId)
        .where('user_id', '=', userId),
    );
  }

  /** Records one observer's rating of one competency; false when that rating exists already. */
  async addObservation(
    m: EntityManager,
    o: {
      sessionId: string;
      participantId: string;
      observerId: string;
      competencyId: string;
      criteria: Record<string, string>;
      level: string;
      note: string | null;
      at: Date;
    },
  ): Promise<boolean> {
    const inserted = await rows(
      m,
      db
        .insertInto('drill_observations')
        .values({
          session_id: o.sessionId,
          participant_id: o.participantId,
          observer_id: o.observerId,
          competency_id: o.competencyId,
          criteria: jsonb(o.criteria),
          level: o.level,
          note: o.note,
          created_at: o.at,
        })
        .onConflict((oc) => oc.doNothing())
        .returning('id'),
    );
    return inserted.length > 0;
  }

  observations(
    sessionId: string,
  ): Promise<{ participantId: string; observerId: string; competencyId: string; level: string }[]> {
    return rows(
      this.ds,
      db
        .selectFrom('drill_observations')
        .select([
          'participant_id as participantId',
          'observer_id as observerId',
          'competency_id as competencyId',
          'level',
        ])
        .where('session_id', '=', sessionId)
        .orderBy('created_at'),
    );
  }

  async close(m: EntityManager, id: string, debrief: string, at: Date): Promise<void> {
    await affected(
      m,
      db
        .updateTable('drill_sessions')
        .set({ status: 'closed', debrief, closed_at: at })
        .where('id', '=', id),
    );
  }

  /** Reminder runs are serialized across instances by a session-level advisory lock on one connection. */
  async withJobLock<T>(
    key: string,
    work: (m: EntityManager) => Promise<T>,
  ): Promise<T | undefined> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      const lock = await first(
        runner,
        db.selectNoFrom(sql<boolean>`pg_try_advisory_lock(hashtext(${key}))`.as('locked')),
      );
      if (!lock?.locked) return undefined;
      try {
        await runner.startTransaction();
        const result = await work(runner.manager);
        await runner.commitTransaction();
        return result;
      } catch (e) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        throw e;
      } finally {
        await first(
          runner,
          db.selectNoFrom(sql<boolean>`pg_advisory_unlock(hashtext(${key}))`.as('unlocked')),
        );
      }
    } finally {
      await runner.release();
    }
  }

  /** People of scheduled sessions starting in (now, now + window] without a reminder of this kind. */
  due(
    m: EntityManager,
    now: Date,
    from: number,
    to: number,
    kind: 'day' | 'hour',
  ): Promise<(DueReminder & SessionRow)[]> {
    const after = (mins: number) => sql<Date>`${now}::timestamptz + make_interval(mins => ${mins})`;
    return rows(
      m,
      sessionQuery()
        .innerJoin('drill_session_participants as p', 'p.session_id', 's.id')
        .innerJoin('users as u', 'u.id', 'p.user_id')
        .select([
          's.id as sessionId',
          'p.user_id as userId',
          'u.email',
          'u.locale',
          'u.name as personName',
          'p.role as personRole',
        ])
        .$narrowType<{ personRole: SessionRole }>()
        .where('s.status', '=', 'scheduled')
        .where('s.starts_at', '>', after(from))
        .where('s.starts_at', '<=', after(to))
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('drill_reminders_sent as r')
                .select(sql.lit(1).as('one'))
                .whereRef('r.session_id', '=', 's.id')
                .whereRef('r.user_id', '=', 'p.user_id')
                .where('r.kind', '=', kind),
            ),
          ),
        )
        .orderBy('s.starts_at')
        .limit(500),
    );
  }

  /** Claims one reminder; false when it was sent already (the primary key makes sending idempotent). */
  async claimReminder(
    m: EntityManager,
    sessionId: string,
    userId: string,
    kind: 'day' | 'hour',
    at: Date,
  ): Promise<boolean> {
    const claimed = await rows(
      m,
      db
        .insertInto('drill_reminders_sent')
        .values({ session_id: sessionId, user_id: userId, kind, sent_at: at })
        .onConflict((oc) => oc.doNothing())
        .returning('session_id'),
    );
    return claimed.length > 0;
  }
}
