import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { SessionRole } from './sessions.dto.js';

export interface SessionRow {
  id: string;
  organizationId: string;
  createdBy: string;
  drillId: string;
  kind: 'tabletop' | 'field';
  title: string;
  injects: { minute: number; text: string }[];
  startsAt: Date;
  minutes: number;
  place: string | null;
  videoUrl: string | null;
  status: 'scheduled' | 'running' | 'closed';
  startedAt: Date | null;
  released: number;
  debrief: string | null;
}

export interface ParticipantRow {
  userId: string;
  name: string;
  email: string;
  role: SessionRole;
  attended: boolean | null;
  /** the person's saved language (null: none chosen) */
  locale: string | null;
}

export interface DueReminder {
  sessionId: string;
  userId: string;
  email: string;
  personName: string;
  locale: string | null;
  personRole: SessionRole;
}

const SESSION = `id, organization_id AS "organizationId", created_by AS "createdBy", drill_id AS "drillId", kind, title, injects,
  starts_at AS "startsAt", minutes, place, video_url AS "videoUrl", status, started_at AS "startedAt", released, debrief`;

/** Every query of scheduled group drills. */
@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  async create(
    m: EntityManager,
    s: Omit<SessionRow, 'id' | 'status' | 'startedAt' | 'released' | 'debrief'>,
    participants: { userId: string; role: SessionRole }[],
    at: Date,
  ): Promise<string> {
    const [row] = await m.query(
      `INSERT INTO drill_sessions (organization_id, created_by, drill_id, kind, title, injects, starts_at, minutes, place, video_url, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        s.organizationId,
        s.createdBy,
        s.drillId,
        s.kind,
        s.title,
        JSON.stringify(s.injects),
        s.startsAt,
        s.minutes,
        s.place,
        s.videoUrl,
        at,
      ],
    );
    await m.query(
      `INSERT INTO drill_session_participants (session_id, user_id, role) SELECT $1, p.user_id, p.role FROM jsonb_to_recordset($2::jsonb) AS p(user_id uuid, role text)`,
      [row.id, JSON.stringify(participants.map((p) => ({ user_id: p.userId, role: p.role })))],
    );
    return row.id;
  }

  async session(id: string, m?: EntityManager, lock = false): Promise<SessionRow | undefined> {
    const rows = await (m ?? this.ds.manager).query(
      `SELECT ${SESSION} FROM drill_sessions WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0];
  }

  participants(sessionId: string, m?: EntityManager): Promise<ParticipantRow[]> {
    return (m ?? this.ds.manager).query(
      `SELECT p.user_id AS "userId", u.name, u.email, u.locale, p.role, p.attended FROM drill_session_participants p JOIN users u ON u.id = p.user_id
        WHERE p.session_id = $1 ORDER BY array_position(ARRAY['facilitator','caller','responder','observer'], p.role), u.name`,
      [sessionId],
    );
  }

  /** Sessions in the given organizations, or where the person takes part; upcoming first. */
  list(
    userId: string,
    organizationIds: string[],
  ): Promise<(SessionRow & { myRole: SessionRole | null })[]> {
    return this.ds.query(
      `SELECT ${SESSION.replace(/(^|, )([a-z_]+)/g, '$1s.$2')}, p.role AS "myRole"
         FROM drill_sessions s LEFT JOIN drill_session_participants p ON p.session_id = s.id AND p.user_id = $1
        WHERE s.organization_id = ANY($2::uuid[]) OR p.user_id IS NOT NULL
        ORDER BY (s.status = 'closed'), s.starts_at LIMIT 200`,
      [userId, organizationIds],
    );
  }

  /** Which of these people belong to the organization (any role). */
  async membersOf(organizationId: string, userIds: string[]): Promise<Set<string>> {
    const rows: { user_id: string }[] = await this.ds.query(
      `SELECT DISTINCT user_id FROM memberships WHERE organization_id = $1 AND user_id = ANY($2::uuid[])`,
      [organizationId, userIds],
    );
    return new Set(rows.map((r) => r.user_id));
  }

  candidates(organizationIds: string[]): Promise<{ userId: string; name: string; role: string }[]> {
    return this.ds.query(
      `SELECT u.id AS "userId", u.name, m.role FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.organization_id = ANY($1::uuid[]) AND m.role IN ('volunteer', 'supervisor', 'coordinator') AND u.disabled_at IS NULL
        ORDER BY u.name, m.role LIMIT 1000`,
      [organizationIds],
    );
  }

  async start(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.query(`UPDATE drill_sessions SET status = 'running', started_at = $2 WHERE id = $1`, [
      id,
      at,
    ]);
  }

  async release(m: EntityManager, id: string, released: number): Promise<void> {
    await m.query(`UPDATE drill_sessions SET released = $2 WHERE id = $1`, [id, released]);
  }

  async addNote(
    m: EntityManager,
    n: { sessionId: string; authorId: string; minute: number; text: string; at: Date },
  ): Promise<void> {
    await m.query(
      `INSERT INTO drill_session_notes (session_id, author_id, minute, text, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [n.sessionId, n.authorId, n.minute, n.text, n.at],
    );
  }

  notes(
    sessionId: string,
  ): Promise<{ minute: number; text: string; authorName: string; createdAt: Date }[]> {
    return this.ds.query(
      `SELECT n.minute, n.text, u.name AS "authorName", n.created_at AS "createdAt" FROM drill_session_notes n JOIN users u ON u.id = n.author_id
        WHERE n.session_id = $1 ORDER BY n.created_at, n.id`,
      [sessionId],
    );
  }

  async setAttendance(
    m: EntityManager,
    sessionId: string,
    userId: string,
    attended: boolean,
  ): Promise<void> {
    await m.query(
      `UPDATE drill_session_participants SET attended = $3 WHERE session_id = $1 AND user_id = $2`,
      [sessionId, userId, attended],
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
    const rows = await m.query(
      `INSERT INTO drill_observations (session_id, participant_id, observer_id, competency_id, criteria, level, note, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id`,
      [
        o.sessionId,
        o.participantId,
        o.observerId,
        o.competencyId,
        JSON.stringify(o.criteria),
        o.level,
        o.note,
        o.at,
      ],
    );
    return rows.length > 0;
  }

  observations(
    sessionId: string,
  ): Promise<{ participantId: string; observerId: string; competencyId: string; level: string }[]> {
    return this.ds.query(
      `SELECT participant_id AS "participantId", observer_id AS "observerId", competency_id AS "competencyId", level FROM drill_observations WHERE session_id = $1 ORDER BY created_at`,
      [sessionId],
    );
  }

  async close(m: EntityManager, id: string, debrief: string, at: Date): Promise<void> {
    await m.query(
      `UPDATE drill_sessions SET status = 'closed', debrief = $2, closed_at = $3 WHERE id = $1`,
      [id, debrief, at],
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
      const [{ locked }] = await runner.query(
        `SELECT pg_try_advisory_lock(hashtext($1)) AS locked`,
        [key],
      );
      if (!locked) return undefined;
      try {
        await runner.startTransaction();
        const result = await work(runner.manager);
        await runner.commitTransaction();
        return result;
      } catch (e) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        throw e;
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [key]);
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
    return m.query(
      `SELECT ${SESSION.replace(/(^|, )([a-z_]+)/g, '$1s.$2')}, s.id AS "sessionId", p.user_id AS "userId", u.email, u.locale, u.name AS "personName", p.role AS "personRole"
         FROM drill_sessions s JOIN drill_session_participants p ON p.session_id = s.id JOIN users u ON u.id = p.user_id
        WHERE s.status = 'scheduled' AND s.starts_at > $1::timestamptz + make_interval(mins => $2) AND s.starts_at <= $1::timestamptz + make_interval(mins => $3)
          AND NOT EXISTS (SELECT 1 FROM drill_reminders_sent r WHERE r.session_id = s.id AND r.user_id = p.user_id AND r.kind = $4)
        ORDER BY s.starts_at LIMIT 500`,
      [now, from, to, kind],
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
    const rows = await m.query(
      `INSERT INTO drill_reminders_sent (session_id, user_id, kind, sent_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1`,
      [sessionId, userId, kind, at],
    );
    return rows.length > 0;
  }
}
