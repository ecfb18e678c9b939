import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { DomainError, ErrorCode, invalid } from '../common/errors.js';
import { isLang, say, type Lang } from '../common/i18n.js';
import { NOTIFICATION_KINDS, type NotificationKind } from './notification-kinds.js';
import { NotificationsRepository } from './notifications.repository.js';
import { OutboxService, type Mail } from './outbox.service.js';

export { NOTIFICATION_KINDS, type NotificationKind } from './notification-kinds.js';

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
    private readonly repo: NotificationsRepository,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  async notify(m: EntityManager, n: NewNotification): Promise<void> {
    const person = await this.repo.recipient(m, n.userId, n.kind);
    if (!person) return;
    const lang: Lang = isLang(person.locale) ? person.locale : 'en';
    const t = n.says(lang);
    await this.repo.insert(m, {
      userId: n.userId,
      kind: n.kind,
      title: t.title.slice(0, 300),
      body: (t.body ?? '').slice(0, 4000),
      link: n.link ?? null,
      at: this.clock.now(),
    });
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
    const [rows, unread] = await Promise.all([this.repo.list(userId), this.unread(userId)]);
    return {
      unread,
      items: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        title: r.title,
        body: r.body,
        link: r.link,
        createdAt: r.createdAt.toISOString(),
        read: r.readAt !== null,
      })),
    };
  }

  unread(userId: string): Promise<number> {
    return this.repo.unread(userId);
  }

  /** Marks one of the caller's own notifications read; someone else's is "not found" (it is not theirs to know of). */
  async markRead(userId: string, id: string): Promise<void> {
    if (!(await this.repo.markRead(userId, id, this.clock.now())))
      throw new DomainError(ErrorCode.NotFound, 'There is no such notification');
  }

  markAllRead(userId: string): Promise<number> {
    return this.repo.markAllRead(userId, this.clock.now());
  }

  async preferences(userId: string): Promise<Record<NotificationKind, boolean>> {
    const rows = await this.repo.preferences(userId);
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
    await this.repo.transaction(async (m) => {
      for (const [kind, on] of Object.entries(email))
        await this.repo.setPreference(m, userId, kind, on === true);
    });
    return this.preferences(userId);
  }
}
