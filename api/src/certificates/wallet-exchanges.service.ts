import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { checkPresentationProof, CONTEXT_URLS, type JsonObject } from '@kindred/certificates';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { Localized, type Lang } from '../common/i18n.js';
import type { SessionUser } from '../common/session-user.js';
import { hashToken, newLinkToken } from '../common/tokens.js';
import { CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { CertificatesRepository } from './certificates.repository.js';
import { CertificatesService } from './certificates.service.js';
import { IssuanceService } from './issuance.service.js';
import { ProgramsService } from './programs.service.js';
import { VerificationService } from './verification.service.js';
import type {
  ExchangeProtocolsDto,
  ExchangeResponseDto,
  WalletExchangeDto,
} from './wallet-exchanges.dto.js';
import { WalletExchangesRepository } from './wallet-exchanges.repository.js';

/** How long a holder has to scan the code or follow the link. */
export const WALLET_EXCHANGE_MINUTES = 15;

/** The Learner Credential Wallet's universal link; other wallets read the same `protocols` object. */
export const LCW_SITE = 'https://lcw.app/';
const LCW_REQUEST = 'https://lcw.app/request.html';

/**
 * Taking a certificate to a wallet, as a VC-API exchange (the VCALM "interaction URL → protocols →
 * exchange" steps), chosen over OID4VCI's pre-authorized code because it needs no authorization server,
 * access token or credential endpoint of its own, and the Learner Credential Wallet speaks it: the holder
 * makes a one-use exchange; the wallet reads `protocols.vcapi` and POSTs `{}` to it; the answer is a
 * VerifiablePresentation holding the signed credential. The token is the capability (256 random bits,
 * stored hashed), used once, for 15 minutes; making and completing it are audited.
 */
@Injectable()
export class WalletExchangesService {
  constructor(
    private readonly repo: WalletExchangesRepository,
    private readonly credentials: CertificatesRepository,
    private readonly certificates: CertificatesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly programs: ProgramsService,
    private readonly issuance: IssuanceService,
    private readonly verification: VerificationService,
  ) {}

  async create(user: SessionUser, credentialId: string): Promise<WalletExchangeDto> {
    const row = await this.certificates.ownCredential(user, credentialId);
    if (row.state === 'revoked')
      throw new DomainError(
        ErrorCode.Conflict,
        'This certificate was revoked, so it cannot be added to a wallet',
      );
    const { token, hash } = newLinkToken();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + WALLET_EXCHANGE_MINUTES * 60_000);
    await this.repo.transaction(async (m) => {
      const id = await this.repo.create(m, {
        tokenHash: hash,
        credentialId: row.id,
        holderUserId: user.id,
        createdAt: now,
        expiresAt,
      });
      await this.audit.append(m, {
        organizationId: row.organizationId,
        actor: `user:${user.id}`,
        action: 'credential.wallet_exchange',
        subject: String(row.signed.id),
        details: { exchange: id, expiresAt: expiresAt.toISOString() },
      });
    });
    const exchangeUrl = this.exchangeUrl(token);
    return {
      exchangeUrl,
      interactionUrl: `${exchangeUrl}/protocols`,
      deepLink: this.deepLink(token),
      expiresAt: expiresAt.toISOString(),
    };
  }

  async protocols(token: string): Promise<ExchangeProtocolsDto> {
    await this.open(token);
    return { protocols: { vcapi: this.exchangeUrl(token) } };
  }

  /**
   * What a browser that opened the interaction URL is shown (wallet-exchange-page.ts): the wallet's deep link,
   * the exchange URL for other wallets, and until when. Nothing is used up; 404/410 as `protocols`.
   */
  async page(token: string): Promise<{ deepLink: string; exchangeUrl: string; expiresAt: Date }> {
    const exchange = await this.open(token);
    return {
      deepLink: this.deepLink(token),
      exchangeUrl: this.exchangeUrl(token),
      expiresAt: new Date(exchange.expiresAt),
    };
  }

  /** The Learner Credential Wallet's link that starts this exchange (other wallets read `protocols`). */
  private deepLink(token: string): string {
    const request = {
      credentialRequestOrigin: this.config.publicOrigin,
      protocols: { vcapi: this.exchangeUrl(token) },
    };
    return `${LCW_REQUEST}?request=${encodeURIComponent(JSON.stringify(request))}`;
  }

  /**
   * The wallet's step. For a program with `bind_to_wallet_did`, two rounds (VC-API exchange with DID
   * Authentication): `{}` is answered with a `verifiablePresentationRequest` (query DIDAuthentication, this
   * exchange's challenge, Kindred's domain); the wallet then POSTs a VerifiablePresentation signed by its DID's
   * key for that challenge and domain, and receives a copy of the certificate issued to that DID. Otherwise one
   * round: `{}` gets the certificate as issued. Either way the credential is handed out once.
   */
  async participate(
    token: string,
    body: { verifiablePresentation?: Record<string, unknown> } = {},
    lang: Lang = 'en',
  ): Promise<ExchangeResponseDto> {
    const exchange = await this.open(token);
    const current = await this.credentials.credential(exchange.credentialId);
    const program = current?.programSlug ? this.programs.get(current.programSlug) : undefined;
    if (!current || !program?.bindToWalletDid) return this.deliver(token);
    const challenge = this.challengeOf(token);
    const domain = new URL(this.config.publicOrigin).host;
    const vp = body.verifiablePresentation;
    if (!vp)
      return {
        verifiablePresentationRequest: {
          query: [
            { type: 'DIDAuthentication', acceptedMethods: [{ method: 'key' }, { method: 'web' }] },
          ],
          challenge,
          domain,
        },
      };
    const checked = await checkPresentationProof(vp, {
      challenge,
      domain,
      lang,
      didWeb: this.verification.didWeb,
    });
    const holder = (vp.holder as JsonObject | undefined)?.id ?? vp.holder;
    const proofs = vp.proof as JsonObject | JsonObject[] | undefined;
    const signed = Array.isArray(proofs) ? proofs.length > 0 : Boolean(proofs);
    const why = !signed
      ? new Localized('wallet.didAuthUnsigned')
      : typeof holder !== 'string' || !holder.startsWith('did:')
        ? new Localized('wallet.didAuthHolder')
        : !checked.passed || checked.signer !== holder
          ? new Localized('wallet.didAuthFailed', { why: checked.detail })
          : undefined;
    if (why)
      throw new DomainError(ErrorCode.Invalid, why, [
        { field: 'verifiablePresentation', messages: [why.in('en')] },
      ]);
    const did = holder as string;
    const hash = hashToken(token);
    const bound = await this.issueToWalletDid(token, () =>
      this.issuance.issueToWalletDid(
        {
          id: current.id,
          organizationId: current.organizationId,
          holderUserId: exchange.holderUserId,
          programSlug: program.slug,
          validFrom:
            typeof current.signed.validFrom === 'string'
              ? new Date(current.signed.validFrom)
              : current.issuedAt,
        },
        did,
        this.config.publicOrigin,
        async (m, credentialId) => {
          // the exchange is used up with the issuance, or neither happens (a racing wallet got there first)
          const taken = await this.repo.complete(m, hash, this.clock.now());
          if (!taken) throw this.used();
          await this.audit.append(m, {
            organizationId: current.organizationId,
            actor: `user:${exchange.holderUserId}`,
            action: 'credential.wallet_delivered',
            subject: `urn:uuid:${credentialId}`,
            details: { exchange: taken.id, walletDid: did, replaces: String(current.signed.id) },
          });
        },
      ),
    );
    return {
      verifiablePresentation: {
        '@context': [CONTEXT_URLS.VC_V2],
        type: ['VerifiablePresentation'],
        holder: did,
        verifiableCredential: [bound],
      },
    };
  }

  /**
   * Runs the DID-bound issuance; a wallet that lost a race for the same exchange finds the certificate already
   * replaced (409 from the issuance): it is told the link was used (410), as in the one-round exchange.
   */
  private async issueToWalletDid(
    token: string,
    issue: () => Promise<JsonObject>,
  ): Promise<JsonObject> {
    try {
      return await issue();
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.Conflict) await this.open(token);
      throw error;
    }
  }

  /** The one-round exchange: the certificate as issued, once. */
  private async deliver(token: string): Promise<ExchangeResponseDto> {
    const hash = hashToken(token);
    const now = this.clock.now();
    const signed = await this.repo.transaction(async (m) => {
      const taken = await this.repo.complete(m, hash, now);
      if (!taken) {
        await this.open(token);
        // open but not taken: another request completed it in the meantime
        throw this.used();
      }
      const row = await this.credentials.credential(taken.credentialId);
      if (!row) throw new DomainError(ErrorCode.Gone, 'This certificate no longer exists');
      await this.audit.append(m, {
        organizationId: row.organizationId,
        actor: `user:${taken.holderUserId}`,
        action: 'credential.wallet_delivered',
        subject: String(row.signed.id),
        details: { exchange: taken.id },
      });
      return row.signed;
    });
    return {
      verifiablePresentation: {
        '@context': [CONTEXT_URLS.VC_V2],
        type: ['VerifiablePresentation'],
        verifiableCredential: [signed],
      },
    };
  }

  /**
   * The DID Authentication challenge of an exchange: derived from its secret token (so only the wallet holding
   * the link knows it, and a presentation made for one exchange answers no other), never stored.
   */
  private challengeOf(token: string): string {
    return createHash('sha256')
      .update(`kindred wallet exchange challenge\n${token}`)
      .digest('base64url');
  }

  /** The exchange of this token, when it can still be used; 404 unknown, 410 used or expired. */
  private async open(token: string) {
    const exchange = /^[A-Za-z0-9_-]{43}$/.test(token)
      ? await this.repo.byTokenHash(hashToken(token))
      : undefined;
    if (!exchange) throw new DomainError(ErrorCode.NotFound, 'There is no such wallet exchange');
    if (exchange.completedAt) throw this.used();
    if (new Date(exchange.expiresAt) <= this.clock.now())
      throw new DomainError(
        ErrorCode.Gone,
        'This wallet link has expired. Make a new one from the certificate page.',
      );
    return exchange;
  }

  private used(): DomainError {
    return new DomainError(
      ErrorCode.Gone,
      'This wallet link was already used. Make a new one from the certificate page.',
    );
  }

  private exchangeUrl(token: string): string {
    return `${this.config.publicOrigin}/api/exchanges/${token}`;
  }
}
