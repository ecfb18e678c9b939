import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import nodemailer, { type Transporter } from 'nodemailer';
import type { EntityManager } from 'typeorm';
import { CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { OutboxRepository, type AttachmentInput } from './outbox.repository.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { orgsWithRole, type SessionUser } from '../common/session-user.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  kind: string;
  organizationId?: string | null;
  /** files sent as MIME attachments (e.g. an invitation's text/calendar event) */
  attachments?: AttachmentInput[];
}

/**
 * Every e-mail goes through one outbox table, written in the same transaction as the change that causes it.
 * With SMTP_URL the messages are sent (and retried) by nodemailer; without it they are stored and a
 * coordinator reads them in the app, so invites work in the embedded default.
 */
@Injectable()
export class OutboxService implements OnModuleInit {
  private readonly logger = new Logger('Outbox');
  private transport?: Transporter;

  constructor(
    private readonly repo: OutboxRepository,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.smtpUrl) this.transport = nodemailer.createTransport(this.config.smtpUrl);
  }

  get smtpConfigured(): boolean {
    return Boolean(this.config.smtpUrl);
  }

  async enqueue(mail: Mail, manager?: EntityManager): Promise<void> {
    const { attachments = [], ...message } = mail;
    for (const a of attachments) {
      if (!/^[^/\\"\r\n]{1,200}$/.test(a.filename))
        throw new Error(`Attachment file name not allowed: ${JSON.stringify(a.filename)}`);
    }
    await this.repo.insert(
      manager,
      {
        ...message,
        organizationId: mail.organizationId ?? null,
        status: this.transport ? 'pending' : 'stored',
      },
      attachments,
    );
  }

  @Interval('outbox', 5_000)
  async deliver(): Promise<number> {
    const transport = this.transport;
    if (!transport) return 0;
    const sent = await this.repo.claimPending(20, async (m, attachments) => {
      await transport.sendMail({
        from: this.config.mailFrom,
        to: m.to,
        subject: m.subject,
        text: m.text,
        attachments: attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: a.content,
        })),
      });
    });
    if (sent) this.logger.log(`delivered ${sent} message(s)`);
    return sent;
  }

  /** The stored mails of a coordinator's organizations (only while no SMTP server is configured). */
  async stored(user: SessionUser) {
    if (this.transport)
      throw new DomainError(
        ErrorCode.NotFound,
        'Mail is sent by SMTP here; there is no local outbox to read',
      );
    const rows = await this.repo.forOrganizations(orgsWithRole(user, 'coordinator'), 100);
    const attachments = await this.repo.attachmentsOf(rows.map((m) => m.id));
    return rows.map((m) => ({
      id: m.id,
      to: m.to,
      subject: m.subject,
      text: m.text,
      kind: m.kind,
      createdAt: m.createdAt.toISOString(),
      attachments: attachments
        .filter((a) => a.messageId === m.id)
        .map((a) => ({
          id: a.id,
          filename: a.filename,
          contentType: a.contentType,
          size: a.content.length,
        })),
    }));
  }

  /** One attachment of a stored mail, for a coordinator of the message's organization. */
  async storedAttachment(user: SessionUser, messageId: string, attachmentId: string) {
    if (this.transport)
      throw new DomainError(
        ErrorCode.NotFound,
        'Mail is sent by SMTP here; there is no local outbox to read',
      );
    const a = await this.repo.attachment(messageId, attachmentId);
    if (!a || !a.organizationId || !orgsWithRole(user, 'coordinator').includes(a.organizationId))
      throw new DomainError(ErrorCode.NotFound, 'There is no such attachment');
    return { filename: a.filename, contentType: a.contentType, content: a.content };
  }
}
