import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { AuthRepository, type InviteView } from './auth.repository.js';
import { UsersRepository } from '../users/users.repository.js';
import { OrganizationsRepository } from '../organizations/organizations.repository.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { hashPassword, verifyPassword, checkPasswordStrength } from './passwords.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { hashToken, newLinkToken } from '../common/tokens.js';
import { hasRole, orgsWithRole, type SessionUser } from '../common/session-user.js';
import { Clock } from '../common/clock.js';
import { CacheBus } from '../common/cache-bus.js';
import type { CreateInviteDto, InviteDto } from './auth.dto.js';
import { DAY_MS } from '@kindred/certificates';
import { AccountMailService } from './account-mail.service.js';
import { isLang, LANGS, say, type Lang } from '../common/i18n.js';

const INVITE_DAYS = 7;
const ACCOUNT_WINDOW_SECONDS = 15 * 60;
const MAX_BACKOFF_SECONDS = 60;
/** The per-account counter's key: a hash, so the table holds no e-mail addresses. */
const accountKey = (email: string) => hashToken('account-login|' + email.trim().toLowerCase());
const RESET_MINUTES = 60;
/** A person's mail language: the saved choice, else the browser's (users.browser_locale), else none known. */
const mailLang = (u: { locale: string | null; browserLocale: string | null } | null) => {
  const l = u?.locale ?? u?.browserLocale;
  return isLang(l) ? l : undefined;
};

// A fixed hash to compare against when the e-mail is unknown, so timing does not reveal which accounts exist.
const DUMMY_HASH = hashPassword('not-a-real-password-0');

@Injectable()
export class AuthService {
  constructor(
    private readonly repo: AuthRepository,
    private readonly users: UsersRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly bus: CacheBus,
    private readonly accountMail: AccountMailService,
  ) {}

  /** The user to sign in, or null; the same answer and about the same time for a wrong e-mail or password. */
  async validateLogin(email: string, password: string): Promise<SessionUser | null> {
    const key = accountKey(email);
    await this.checkAccountBackoff(key);
    const user = await this.users.findByEmail(email);
    const ok = await verifyPassword(user?.passwordHash ?? (await DUMMY_HASH), password);
    if (!user || !ok) {
      await this.repo.countLoginFailure(key, ACCOUNT_WINDOW_SECONDS);
      return null;
    }
    await this.repo.clearLoginFailures(key);
    return this.users.sessionUser(user.id);
  }

  /**
   * The per-account ceiling (ACCOUNT_LOGIN_LIMIT failures in 15 minutes, from all addresses together, so
   * spraying from many addresses is slowed too): past it, each further attempt waits twice as long as the
   * one before, at most a minute. A back-off, not a lock-out: the person can always sign in after the wait,
   * and a password reset clears it at once.
   */
  private async checkAccountBackoff(key: string): Promise<void> {
    const row = await this.repo.loginFailures(key, ACCOUNT_WINDOW_SECONDS);
    if (!row || row.failures < this.config.accountLoginLimit) return;
    const waitSeconds = Math.min(
      MAX_BACKOFF_SECONDS,
      2 ** Math.min(10, row.failures - this.config.accountLoginLimit),
    );
    const left = Math.ceil(waitSeconds - row.secondsSinceLast);
    if (left > 0)
      throw new DomainError(
        ErrorCode.TooMany,
        `Too many failed sign-ins for this account. Wait ${left} seconds and try again, or reset your password.`,
      );
  }

  sessionUser(id: string): Promise<SessionUser | null> {
    return this.users.sessionUser(id);
  }

  async setLocale(user: SessionUser, locale: string): Promise<void> {
    await this.users.setLocale(user.id, locale);
  }

  /** Keeps the browser's language (Accept-Language) for mail, until the person saves a choice. */
  async rememberBrowserLang(userId: string, lang: Lang | undefined): Promise<void> {
    if (lang) await this.users.setBrowserLocale(userId, lang);
  }

  /** Links in mail come from the configured public origin only, never from the request's Host. */
  link(path: string): string {
    return this.config.publicOrigin + path;
  }

  async createInvite(by: SessionUser, dto: CreateInviteDto): Promise<InviteDto & { link: string }> {
    if (!hasRole(by, 'coordinator', dto.organizationId)) {
      throw new DomainError(
        ErrorCode.Forbidden,
        'You can invite people only into an organization you coordinate',
      );
    }
    const org = await this.organizations.findById(dto.organizationId);
    if (!org) throw new DomainError(ErrorCode.NotFound, 'That organization does not exist');
    const { token, hash } = newLinkToken();
    const link = this.link(`/invite/${token}`);
    const existing = await this.users.findByEmail(dto.email);
    const expiresAt = new Date(this.clock.now().getTime() + INVITE_DAYS * DAY_MS);
    const invite = await this.repo.transaction(async (manager) => {
      const saved = await this.repo.insertInvite(
        {
          tokenHash: hash,
          email: dto.email.toLowerCase(),
          name: dto.name.trim(),
          organizationId: org.id,
          role: dto.role,
          invitedBy: by.id,
          expiresAt,
        },
        manager,
      );
      // In the invitee's language when they have an account; a new person's language is not known
      // yet, so their invitation says it in every language Kindred speaks, English first.
      const known = mailLang(existing);
      const langs: readonly Lang[] = known ? [known] : LANGS;
      const params = { by: by.name, org: org.name, role: dto.role, days: INVITE_DAYS };
      const text = (lang: Lang) =>
        [
          say(lang, 'mail.greeting', { name: saved.name }),
          '',
          say(lang, 'account.invite.body', params),
          say(lang, existing ? 'account.invite.existing' : 'account.invite.new', params),
          '',
          link,
          '',
          say(lang, 'account.invite.ignore'),
        ].join('\n');
      await this.outbox.enqueue(
        {
          to: saved.email,
          organizationId: org.id,
          kind: 'invite',
          subject: langs.map((l) => say(l, 'account.invite.subject', params)).join(' / '),
          text: langs.map(text).join('\n\n————————\n\n'),
        },
        manager,
      );
      return saved;
    });
    return {
      ...this.inviteView({ ...invite, organizationName: org.name }, Boolean(existing)),
      link,
    };
  }

  async listInvites(by: SessionUser): Promise<InviteDto[]> {
    const invites = await this.repo.invitesFor(orgsWithRole(by, 'coordinator'));
    const existing = await this.users.existingEmails(invites.map((i) => i.email));
    return invites.map((i) => this.inviteView(i, existing.has(i.email)));
  }

  async inviteByToken(token: string): Promise<InviteDto> {
    const invite = this.usable(await this.repo.inviteByHash(hashToken(token)));
    return this.inviteView(invite, Boolean(await this.users.findByEmail(invite.email)));
  }

  /**
   * Accepting a link creates a NEW account with the password chosen here and returns it to sign in. The
   * link is in the inviter's hands too, so it never opens a session for, or changes, an account that already
   * exists: that person accepts with `joinInvite`, signed in with their own password.
   */
  async acceptInvite(token: string, password: string, name?: string): Promise<SessionUser> {
    checkPasswordStrength(password);
    const passwordHash = await hashPassword(password);
    const userId = await this.repo.transaction(async (manager) => {
      const invite = this.usable(await this.repo.inviteByHash(hashToken(token), manager, true));
      const user = await this.repo.insertUserForInvite(
        manager,
        invite.email,
        name?.trim() || invite.name,
        passwordHash,
      );
      if (!user)
        throw new DomainError(
          ErrorCode.Conflict,
          'You already have an account: sign in to accept this invitation.',
        );
      await this.organizations.addMembership(manager, user.id, invite.organizationId, invite.role);
      await this.repo.markInviteAccepted(invite.id, manager);
      return user.id;
    });
    return (await this.users.sessionUser(userId))!;
  }

  /** The signed-in person accepts an invitation sent to their own e-mail: the membership is added, nothing else. */
  async joinInvite(by: SessionUser, token: string): Promise<SessionUser> {
    await this.repo.transaction(async (manager) => {
      const invite = this.usable(await this.repo.inviteByHash(hashToken(token), manager, true));
      if (invite.email !== by.email.toLowerCase())
        throw new DomainError(
          ErrorCode.Forbidden,
          `This invitation is for ${invite.email}. Sign out and sign in as that person to accept it.`,
        );
      await this.organizations.addMembership(manager, by.id, invite.organizationId, invite.role);
      await this.repo.markInviteAccepted(invite.id, manager);
    });
    this.bus.local(`user:${by.id}`);
    return (await this.users.sessionUser(by.id))!;
  }

  /** Whether account mail (reset links) is sent, or only written to the server log for the operator. */
  get accountMailSent(): boolean {
    return this.accountMail.sent;
  }

  /** Always answers the same, whether or not the e-mail has an account. */
  async requestPasswordReset(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user) return;
    const lang = mailLang(user) ?? 'en';
    const { token, hash } = newLinkToken();
    const link = this.link(`/reset-password/${token}`);
    await this.repo.transaction(async (manager) => {
      await this.repo.insertReset(
        {
          userId: user.id,
          tokenHash: hash,
          expiresAt: new Date(this.clock.now().getTime() + RESET_MINUTES * 60_000),
        },
        manager,
      );
      // Account mail: never into an organization's outbox (account-mail.service.ts).
      await this.accountMail.send(
        {
          to: user.email,
          kind: 'password-reset',
          subject: say(lang, 'account.reset.subject'),
          text: [
            say(lang, 'mail.greeting', { name: user.name }),
            '',
            say(lang, 'account.reset.open', { minutes: RESET_MINUTES }),
            '',
            link,
            '',
            say(lang, 'account.reset.ignore'),
          ].join('\n'),
        },
        manager,
      );
    });
  }

  async resetPassword(token: string, password: string): Promise<void> {
    checkPasswordStrength(password);
    const passwordHash = await hashPassword(password);
    const userId = await this.repo.transaction(async (manager) => {
      const reset = await this.repo.resetByHash(hashToken(token), manager);
      if (!reset)
        throw new DomainError(
          ErrorCode.NotFound,
          'This reset link is not valid. Ask for a new one.',
        );
      if (reset.usedAt)
        throw new DomainError(
          ErrorCode.Gone,
          'This reset link has already been used. Ask for a new one.',
        );
      if (reset.expiresAt <= this.clock.now())
        throw new DomainError(ErrorCode.Gone, 'This reset link has expired. Ask for a new one.');
      await this.repo.useReset(reset.id, reset.userId, passwordHash, manager);
      const email = await this.repo.emailOf(reset.userId, manager);
      if (email) await this.repo.clearLoginFailures(accountKey(email), manager);
      return reset.userId;
    });
    // Signed out everywhere: this instance forgets the person's cached sessions now (triggers tell the others).
    this.bus.local(`user:${userId}`);
  }

  private usable(invite: InviteView | null): InviteView {
    if (!invite) throw new DomainError(ErrorCode.NotFound, 'This invitation link is not valid');
    if (invite.acceptedAt)
      throw new DomainError(
        ErrorCode.Gone,
        'This invitation has already been accepted. Sign in instead.',
      );
    if (invite.expiresAt <= this.clock.now())
      throw new DomainError(
        ErrorCode.Gone,
        'This invitation has expired. Ask your coordinator for a new one.',
      );
    return invite;
  }

  private inviteView(i: InviteView, existingAccount: boolean): InviteDto {
    return {
      id: i.id,
      email: i.email,
      name: i.name,
      role: i.role,
      organizationName: i.organizationName,
      expiresAt: i.expiresAt.toISOString(),
      acceptedAt: i.acceptedAt?.toISOString() ?? null,
      existingAccount,
    };
  }
}
