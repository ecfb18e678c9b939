import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { DomainError, ErrorCode, invalid } from '../common/errors.js';
import { isLang, say, type Lang } from '../common/i18n.js';
import { OutboxService, type Mail } from './outbox.service.js';

/** What a notification is about; each person chooses per kind whether it also comes by e-mail. */
export const NOTIFICATION_KINDS = [
  'signoff_decided',
  'practice_asked',
  'hours_verified',
  'hours_returned',
  'certificate_issued',
  'certificate_awaiting',
  'drill_reminder',
  'wellbeing_checkin',
  'debrief_asked',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What a notification says, in one language. */
export interface NotificationText {
  title: string;
  body?: string;
  /** the e-mail's text after the greeting (default: the body, else the title) */
  mailText?: string;
  /** the e-mail's subject (default: the title) */
  mailSubject?: string;
}

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  /** the words, in the recipient's language (their saved choice; English when they have none) */
  says: (lang: Lang) => NotificationText;
  /** a path inside the app (e.g. /learn/competencies) */
  link?: string | null;
  /** the rest of the e-mail of the same event (kind, organization, attachments); sent only if the person wants this kind */
  mail?: Partial<Omit<Mail, 'to' | 'subject' | 'text'>>;
}

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  read: boolean;
}

/**
 * Event notifications: one row for the person concerned, written with the manager of the event's own
 * transaction (so an event and its notification commit or roll back together), and the same as e-mail
 * through the outbox unless the person turned that kind of mail off. Account mail (sign-in, password
 * reset, invitations) does not go through here.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  async notify(m: EntityManager, n: NewNotification): Promise<void> {
    const [person] = await m.query<
      { email: string; name: string; locale: string | null; mail: boolean }[]
    >(
      `SELECT u.email, u.name, coalesce(u.locale, u.browser_locale) AS locale, coalesce(p.email, true) AS mail
         FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id AND p.kind = $2
        WHERE u.id = $1`,
      [n.userId, n.kind],
    );
    if (!person) return;
    const lang: Lang = isLang(person.locale) ? person.locale : 'en';
    const t = n.says(lang);
    await m.query(
      `INSERT INTO notifications (user_id, kind, title, body, link, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        n.userId,
        n.kind,
        t.title.slice(0, 300),
        (t.body ?? '').slice(0, 4000),
        n.link ?? null,
        this.clock.now(),
      ],
    );
    if (person.mail)
      await this.outbox.enqueue(
        {
          ...n.mail,
          subject: t.mailSubject ?? t.title,
          text: `${say(lang, 'mail.greeting', { name: person.name })}\n\n${t.mailText ?? t.body ?? t.title}\n`,
          to: person.email,
          kind: n.mail?.kind ?? `notification.${n.kind}`,
        },
        m,
      );
  }

  async list(userId: string): Promise<{ unread: number; items: NotificationView[] }> {
    const [rows, unread] = await Promise.all([
      this.ds.query<
        {
          id: string;
          kind: NotificationKind;
          title: string;
          body: string;
          link: string | null;
          created_at: Date;
          read_at: Date | null;
        }[]
      >(
        `SELECT id, kind, title, body, link, created_at, read_at FROM notifications WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT 100`,
        [userId],
      ),
      this.unread(userId),
    ]);
    return {
      unread,
      items: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        title: r.title,
        body: r.body,
        link: r.link,
        createdAt: new Date(r.created_at).toISOString(),
        read: r.read_at !== null,
      })),
    };
  }

  async unread(userId: string): Promise<number> {
    const [row] = await this.ds.query(
      `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`,
      [userId],
    );
    return row.n;
  }

  /** Marks one of the caller's own notifications read; someone else's is "not found" (it is not theirs to know of). */
  async markRead(userId: string, id: string): Promise<void> {
    const rows: unknown[] = await this.ds.query(
      // (a CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count])
      `WITH marked AS (UPDATE notifications SET read_at = coalesce(read_at, $3) WHERE id = $1 AND user_id = $2 RETURNING id)
       SELECT id FROM marked`,
      [id, userId, this.clock.now()],
    );
    if (rows.length === 0)
      throw new DomainError(ErrorCode.NotFound, 'There is no such notification');
  }

  async markAllRead(userId: string): Promise<number> {
    const rows: unknown[] = await this.ds.query(
      `WITH marked AS (UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL RETURNING id)
       SELECT id FROM marked`,
      [userId, this.clock.now()],
    );
    return rows.length;
  }

  async preferences(userId: string): Promise<Record<NotificationKind, boolean>> {
    const rows: { kind: NotificationKind; email: boolean }[] = await this.ds.query(
      `SELECT kind, email FROM notification_preferences WHERE user_id = $1`,
      [userId],
    );
    return Object.fromEntries(
      NOTIFICATION_KINDS.map((k) => [k, rows.find((r) => r.kind === k)?.email ?? true]),
    ) as Record<NotificationKind, boolean>;
  }

  /** Sets which kinds come by e-mail: every kind is named, each true or false (all written together). */
  async setPreferences(
    userId: string,
    email: Record<string, unknown>,
  ): Promise<Record<NotificationKind, boolean>> {
    const unknown = Object.keys(email).filter((k) => !NOTIFICATION_KINDS.includes(k as never));
    if (unknown.length)
      throw invalid('email', `email names kinds that do not exist: ${unknown.join(', ')}`);
    const bad = Object.entries(email).filter(([, v]) => typeof v !== 'boolean');
    if (bad.length)
      throw invalid('email', `each kind must be true or false (${bad.map(([k]) => k).join(', ')})`);
    await this.ds.transaction(async (m) => {
      for (const [kind, on] of Object.entries(email))
        await m.query(
          `INSERT INTO notification_preferences (user_id, kind, email) VALUES ($1, $2, $3)
           ON CONFLICT (user_id, kind) DO UPDATE SET email = EXCLUDED.email`,
          [userId, kind, on],
        );
    });
    return this.preferences(userId);
  }
}
