import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxService } from '../notifications/outbox.service.js';

export interface AccountMail {
  to: string;
  kind: 'password-reset' | 'sign-in-notice';
  subject: string;
  text: string;
}

/**
 * Mail about a person's own account (a password reset link, a sign-in notice). It never goes to an
 * organization's outbox, where a coordinator could read it: with SMTP_URL it is queued for sending with no
 * organization (the outbox pages list only an organization's own mail); without SMTP it is written to the
 * server log, clearly marked, where only the operator reads it.
 */
@Injectable()
export class AccountMailService {
  private readonly logger = new Logger('AccountMail');

  constructor(private readonly outbox: OutboxService) {}

  /** Whether account mail leaves the server (SMTP), or only reaches the operator's log. */
  get sent(): boolean {
    return this.outbox.smtpConfigured;
  }

  async send(mail: AccountMail, manager?: EntityManager): Promise<void> {
    if (this.sent) {
      await this.outbox.enqueue({ ...mail, organizationId: null }, manager);
      return;
    }
    this.logger.warn(
      [
        `ACCOUNT MAIL to ${mail.to} (${mail.kind}; not sent: no SMTP_URL is configured, so it is shown only here, to the operator)`,
        `Subject: ${mail.subject}`,
        '',
        mail.text,
        '-- end of account mail',
      ].join('\n'),
    );
  }
}
