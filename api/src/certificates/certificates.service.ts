import { Injectable } from '@nestjs/common';
import {
  asList,
  parseStatusHex,
  statusHex,
  textIn,
  textOnlyIn,
  type JsonObject,
} from '@kindred/certificates';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { toCsv } from '../common/csv.js';
import { CacheBus } from '../common/cache-bus.js';
import { DomainError, ErrorCode, invalid } from '../common/errors.js';
import { hasRole, orgsWithRole, type SessionUser } from '../common/session-user.js';
import type { ApiClient } from './api-client.entity.js';
import type { StatusUpdateRequestDto } from './certificates.dto.js';
import { CertificatesRepository } from './certificates.repository.js';
import { PROBLEM, ProblemError } from './problem.js';
import type { CredentialRow, CredentialState, RevocationCategory } from './credential.entity.js';
import { say, type Lang } from '../common/i18n.js';
import { isCredentialId, rowIdOf, uuidOf } from './issuance.service.js';
import { PendingEvidenceService, type PendingEvidence } from './pending-evidence.service.js';
import { ProgramsService } from './programs.service.js';
import { SigningPoolService } from './signing-pool.service.js';
import { StatusListsService } from './status-lists.service.js';
import { VerificationService, type VcApiVerification } from './verification.service.js';

export type StatusAction = 'revoke' | 'suspend' | 'unsuspend';

/** A revocation as Kindred recorded it: when, by which organization, and the public reason category. */
export interface Revocation {
  revokedAt: string;
  revokedBy: string;
  category: RevocationCategory | null;
}

/** The category words of a public answer that has no page around it (the bulk CSV, the summary). */
const CATEGORY_WORDS: Record<RevocationCategory, string> = {
  issued_in_error: 'issued in error',
  requirements_no_longer_met: 'requirements no longer met',
  holder_request: 'at the holder’s request',
  other: 'other reason',
};
/** The same, in Spanish (the PDF in the viewer's language). */
const CATEGORY_WORDS_ES: Record<RevocationCategory, string> = {
  issued_in_error: 'emitido por error',
  requirements_no_longer_met: 'ya no cumple los requisitos',
  holder_request: 'a pedido de la persona titular',
  other: 'otro motivo',
};

/** "Revoked on 2026-12-02 by Riverside Peer Support Network (issued in error)." — for machine answers. */
export const revocationSentence = (r: Revocation, lang: Lang = 'en') =>
  lang === 'es'
    ? `Revocado el ${r.revokedAt.slice(0, 10)} por ${r.revokedBy}${r.category ? ` (motivo: ${CATEGORY_WORDS_ES[r.category]})` : ''}.`
    : `Revoked on ${r.revokedAt.slice(0, 10)} by ${r.revokedBy}${r.category ? ` (reason: ${CATEGORY_WORDS[r.category]})` : ''}.`;

/** What the answer adds to the verifier's summary from our records, in the reader's language. */
const RECORD_WORDS: Record<Lang, { listConfirms: string; renewed: string; walletCopy: string }> = {
  en: {
    listConfirms: 'The issuer’s signed revocation list confirms it.',
    renewed: 'It has since been renewed: a newer certificate replaces it.',
    walletCopy:
      'The holder has since taken it to a digital wallet: that copy, with the same dates, replaces it, and this one stays genuine.',
  },
  es: {
    listConfirms: 'La lista de revocación firmada del emisor lo confirma.',
    renewed: 'Desde entonces se renovó: un certificado más reciente lo reemplaza.',
    walletCopy:
      'Desde entonces la persona titular lo guardó en una billetera digital: esa copia, con las mismas fechas, lo reemplaza, y este sigue siendo auténtico.',
  },
};

/**
 * Why a certificate was replaced: a renewal (new dates), or the copy issued to a wallet's DID
 * (`issueToWalletDid`: the same validFrom, so the same validUntil). The two read differently to an employer
 * holding the earlier PDF: a wallet copy is not a newer certificate.
 */
export type ReplacedAs = 'renewal' | 'wallet_copy';

/** Why each replaced certificate of a list was replaced, where the list holds the one replacing it. */
function replacements(
  list: { id: string; supersededBy: string | null; signed: unknown }[],
): Map<string, ReplacedAs> {
  const byId = new Map(list.map((r) => [r.id, r]));
  const out = new Map<string, ReplacedAs>();
  for (const r of list) {
    const newer = r.supersededBy ? byId.get(r.supersededBy) : undefined;
    if (newer) out.set(r.id, replacedAs(r, newer));
  }
  return out;
}
export function replacedAs(old: { signed: unknown }, newer: { signed: unknown }): ReplacedAs {
  const from = (c: unknown) => (c as { validFrom?: unknown }).validFrom;
  const was = from(old.signed);
  return was !== undefined && was === from(newer.signed) ? 'wallet_copy' : 'renewal';
}

export interface CertificateSummary {
  id: string;
  credentialId: string;
  name: string;
  holderName: string | null;
  issuerName: string;
  coIssuerName: string | null;
  programSlug: string | null;
  issuedAt: string;
  validUntil: string | null;
  state: CredentialState;
  stateReason: string | null;
  revocation: Revocation | null;
  expired: boolean;
  hidden: boolean;
  /** renewed: the uuid of the certificate that replaces this one */
  supersededBy: string | null;
  /** why it was replaced, where the list holds the newer one too (lists only) */
  replacedAs?: ReplacedAs | null;
  verifyUrl: string;
}

export interface PendingSummary {
  id: string;
  holderName: string;
  programSlug: string;
  programName: string;
  organizationName: string;
  /** the university the request waits for */
  coIssuerName: string;
  requestedAt: string;
}

/** What university staff see of a request their university co-issues: the evidence with it. */
export type PendingWithEvidence = PendingSummary & { evidence: PendingEvidence };

export interface HolderStatus {
  pathway: string;
  stage: string;
  status: 'trainee' | 'provisional' | 'current' | 'renewed' | 'lapsed';
  asOf: string;
}

export type VerifyResponse = VcApiVerification & {
  results: Omit<VcApiVerification, 'problemDetails'>[];
  holderStatus?: HolderStatus | null;
  supersededBy?: string | null;
  replacedAs?: ReplacedAs | null;
  revocation?: Revocation | null;
};

/** Verdicts that say the credential really is ours and intact, so its holder's status may be told. */
const GENUINE = new Set(['valid', 'expired', 'revoked', 'suspended', 'not_yet_valid']);

function withResults(v: VcApiVerification): VerifyResponse {
  const { problemDetails: _, ...result } = v;
  return { ...v, results: [result] };
}

const UUID_IN = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\s*$/i;
/** The uuid of `urn:uuid:…`, a bare uuid, or a verification link ending in one. */
export const extractId = (text: string) =>
  UUID_IN.exec(text.trim().replace(/[/?#]+$/, ''))?.[1]?.toLowerCase();

function bulkIds(body: unknown): string[] {
  let ids: string[];
  if (typeof body === 'string') {
    ids = body
      .split(/\r?\n/)
      .map((line) => line.split(',')[0].trim().replace(/^"|"$/g, ''))
      .filter((cell) => cell && extractId(cell));
  } else if (body && typeof body === 'object' && Array.isArray((body as { ids?: unknown }).ids)) {
    ids = (body as { ids: unknown[] }).ids.map((v) => String(v).trim()).filter(Boolean);
  } else {
    throw invalid(
      'ids',
      'Send a CSV (text/csv) with one id or link per line, or JSON {"ids": [...]}',
    );
  }
  if (ids.length === 0) throw invalid('ids', 'No certificate ids or links were found');
  if (ids.length > 1000) throw invalid('ids', 'At most 1,000 ids at a time');
  return ids;
}

const obj = (v: unknown): JsonObject =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : {};
export const verifyUrlOf = (baseUrl: string, id: string) => `${baseUrl}/verify/${uuidOf(id)}`;

/** What holders, coordinators and the public see of issued certificates, and the status changes coordinators make. */
@Injectable()
export class CertificatesService {
  constructor(
    private readonly repo: CertificatesRepository,
    private readonly lists: StatusListsService,
    private readonly verification: VerificationService,
    private readonly programs: ProgramsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly bus: CacheBus,
    private readonly pool: SigningPoolService,
    private readonly evidence: PendingEvidenceService,
  ) {}

  /** `organizationName`: the issuing organization's name in Kindred's records (who revoked it). */
  summary(
    row: CredentialRow & { holderName?: string | null },
    baseUrl: string,
    organizationName?: string,
    lang: Lang = 'en',
  ): CertificateSummary {
    const vc = obj(row.signed);
    const achievement = obj(obj(vc.credentialSubject).achievement);
    return {
      id: row.id,
      credentialId: String(vc.id),
      name: this.certificateName(row, lang) ?? 'Credential',
      holderName:
        row.holderName ??
        (typeof obj(vc.credentialSubject).name === 'string'
          ? String(obj(vc.credentialSubject).name)
          : null),
      issuerName: String(obj(vc.issuer).name ?? obj(vc.issuer).id ?? vc.issuer),
      coIssuerName:
        typeof obj(achievement.creator).name === 'string'
          ? String(obj(achievement.creator).name)
          : null,
      programSlug: row.programSlug,
      issuedAt: row.issuedAt.toISOString(),
      validUntil: row.validUntil?.toISOString() ?? null,
      state: row.state,
      stateReason: row.stateReason,
      revocation: revocationOf(
        row,
        organizationName ?? String(obj(vc.issuer).name ?? obj(vc.issuer).id ?? vc.issuer),
      ),
      expired: Boolean(row.validUntil && row.validUntil < this.clock.now()),
      hidden: row.hidden,
      supersededBy: row.supersededBy,
      verifyUrl: verifyUrlOf(baseUrl, row.id),
    };
  }

  /**
   * A certificate's name in `lang`: the signed name in that language (credentials issued since the names are
   * bilingual carry it), else the program's translation (credentials issued before), else the signed name in
   * English or as it was signed.
   */
  private certificateName(row: CredentialRow, lang: Lang): string | undefined {
    const vc = obj(row.signed);
    const signed = vc.name ?? obj(obj(vc.credentialSubject).achievement).name;
    const program = row.programSlug ? this.programs.get(row.programSlug) : undefined;
    return textOnlyIn(signed, lang) ?? program?.translations[lang]?.name ?? textIn(signed, lang);
  }

  /** The verification answer with the certificate's name in the reader's language (Kindred's own record of it). */
  private withName(result: VerifyResponse, row: CredentialRow, lang: Lang): VerifyResponse {
    const name = this.certificateName(row, lang);
    return name ? { ...result, name } : result;
  }

  // ---- holders --------------------------------------------------------------------------------

  /** The holder's own list: the public reason category of a revocation, never the coordinator's free text. */
  async mine(user: SessionUser, baseUrl: string, lang: Lang = 'en'): Promise<CertificateSummary[]> {
    const rows = await this.repo.ofHolder(user.id);
    const names = await this.organizationNames(rows.map((r) => r.organizationId));
    const why = replacements(rows);
    return rows.map((r) => ({
      ...this.summary({ ...r, holderName: user.name }, baseUrl, names.get(r.organizationId), lang),
      stateReason: null,
      replacedAs: why.get(r.id) ?? null,
    }));
  }

  private async organizationNames(ids: string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const id of new Set(ids)) {
      const org = await this.repo.organization(id);
      if (org) names.set(id, org.name);
    }
    return names;
  }

  /** A revoked Kindred credential's revocation, from Kindred's own records (the status list only says "revoked"). */
  private async recordedRevocation(row: CredentialRow): Promise<Revocation | null> {
    if (row.state !== 'revoked') return null;
    const org = await this.repo.organization(row.organizationId);
    return org ? revocationOf(row, org.name) : null;
  }

  async setHidden(
    user: SessionUser,
    id: string,
    hidden: boolean,
    baseUrl: string,
  ): Promise<CertificateSummary> {
    const row = await this.find(id);
    if (row.holderUserId !== user.id)
      throw new DomainError(ErrorCode.NotFound, 'There is no such certificate of yours');
    await this.repo.setHidden(row.id, hidden);
    // The public verification answer is cached (verification-cache.ts): drop it here and in every instance.
    await this.bus.publish(`credential:${row.id}`);
    const names = await this.organizationNames([row.organizationId]);
    return {
      ...this.summary(
        { ...row, hidden, holderName: user.name },
        baseUrl,
        names.get(row.organizationId),
      ),
      stateReason: null,
    };
  }

  /** One of the signed-in person's own certificates (anyone else's, or none, reads as not found). */
  async ownCredential(user: SessionUser, id: string): Promise<CredentialRow> {
    const row = await this.find(id);
    if (row.holderUserId !== user.id)
      throw new DomainError(ErrorCode.NotFound, 'There is no such certificate of yours');
    return row;
  }

  // ---- the public -----------------------------------------------------------------------------

  /** The signed credential, unless its holder has turned its link off (then only its holder gets it). */
  async publicCredential(id: string, viewer?: SessionUser): Promise<CredentialRow> {
    const row = await this.find(id);
    if (row.hidden && row.holderUserId !== viewer?.id)
      throw new DomainError(
        ErrorCode.NotFound,
        'This certificate is not shared by link. Ask its holder for the file.',
      );
    return row;
  }

  private holderStatus?: (credentialUuid: string, lang: Lang) => Promise<HolderStatus | null>;

  /** The pathways module tells the holder's stage status (certificates does not depend on it). */
  holderStatusFrom(fn: (credentialUuid: string, lang: Lang) => Promise<HolderStatus | null>): void {
    this.holderStatus = fn;
  }

  private async withHolderStatus(v: VcApiVerification, lang: Lang): Promise<VerifyResponse> {
    const out = withResults(v);
    const id =
      v.credentialId && isCredentialId(v.credentialId) ? uuidOf(v.credentialId) : undefined;
    if (this.holderStatus && id && GENUINE.has(v.verdict))
      out.holderStatus = await this.holderStatus(id, lang);
    return out;
  }

  async verifyById(id: string, lang: Lang = 'en'): Promise<VerifyResponse> {
    const row = await this.publicCredential(id);
    return this.withRevocation(
      this.withName(
        await this.withRenewal(
          await this.withHolderStatus(await this.verification.verify(row.signed, lang), lang),
          row,
          lang,
        ),
        row,
        lang,
      ),
      row,
      lang,
    );
  }

  /**
   * A revoked certificate of ours says when, by whom and in which public category — taken from our records
   * only when the signed status list says revoked too (the list is what any verifier can check). The
   * free-text reason never leaves the coordinator's page and the audit log.
   */
  private async withRevocation(
    result: VerifyResponse,
    row: CredentialRow,
    lang: Lang = 'en',
  ): Promise<VerifyResponse> {
    const revocation = result.verdict === 'revoked' ? await this.recordedRevocation(row) : null;
    if (!revocation) return { ...result, revocation: null };
    return {
      ...result,
      revocation,
      summary: `${revocationSentence(revocation, lang)} ${RECORD_WORDS[lang].listConfirms}`,
    };
  }

  async verifyDocument(vc: unknown, lang: Lang = 'en'): Promise<VerifyResponse> {
    const result = await this.withHolderStatus(await this.verification.verify(vc, lang), lang);
    const ours =
      result.credentialId && isCredentialId(result.credentialId)
        ? await this.repo.credential(uuidOf(result.credentialId))
        : null;
    return ours &&
      ours.signed &&
      JSON.stringify(ours.signed.proof) === JSON.stringify((vc as JsonObject).proof)
      ? this.withRevocation(
          this.withName(await this.withRenewal(result, ours, lang), ours, lang),
          ours,
          lang,
        )
      : result;
  }

  /**
   * A replaced certificate is still valid (it was not revoked), and the verdict says it was replaced, naming
   * the newer one and why (a renewal, or the holder's wallet copy).
   */
  private async withRenewal(
    result: VerifyResponse,
    row: { supersededBy: string | null; signed: unknown },
    lang: Lang = 'en',
  ): Promise<VerifyResponse> {
    const supersededBy = row.supersededBy;
    if (!supersededBy) return { ...result, supersededBy: null, replacedAs: null };
    const newer = await this.repo.credential(supersededBy);
    const why = newer ? replacedAs(row, newer) : 'renewal';
    const note = RECORD_WORDS[lang][why === 'wallet_copy' ? 'walletCopy' : 'renewed'];
    return {
      ...result,
      supersededBy,
      replacedAs: why,
      summary: result.verdict === 'valid' ? `${result.summary} ${note}` : result.summary,
    };
  }

  /** Employers' bulk check: ids or verification links (JSON list or the first CSV column) in, a CSV of verdicts out. */
  async verifyBulk(body: unknown, lang: Lang = 'en'): Promise<string> {
    const ids = bulkIds(body);
    const header = (
      ['id', 'verdict', 'holder', 'certificate', 'validUntil', 'summary'] as const
    ).map((h) => say(lang, `csv.bulk.${h}`));
    const verdict = (v: string) => say(lang, 'csv.bulk.verdictValue', { verdict: v });
    const rows = [header];
    for (const raw of ids) {
      const id = extractId(raw);
      const row = id ? await this.repo.credential(id) : null;
      if (!row) rows.push([raw, verdict('unknown'), '', '', '', say(lang, 'csv.bulk.unknown')]);
      else if (row.hidden)
        rows.push([raw, verdict('not_shared'), '', '', '', say(lang, 'csv.bulk.notShared')]);
      else {
        const v = await this.withRevocation(
          await this.withRenewal(
            withResults(await this.verification.verify(row.signed, lang)),
            row,
            lang,
          ),
          row,
          lang,
        );
        const vc = obj(row.signed);
        rows.push([
          raw,
          verdict(v.verdict),
          String(obj(vc.credentialSubject).name ?? ''),
          this.certificateName(row, lang) ?? '',
          String(vc.validUntil ?? ''),
          v.summary,
        ]);
      }
    }
    return toCsv(rows);
  }

  /** The certificate as a PDF, its words in the viewer's language (the program's name too, where translated). */
  async pdf(id: string, baseUrl: string, viewer?: SessionUser, lang: Lang = 'en'): Promise<Buffer> {
    const row = await this.publicCredential(id, viewer);
    const names = await this.organizationNames([row.organizationId]);
    const s = this.summary(row, baseUrl, names.get(row.organizationId));
    const vc = obj(row.signed);
    const credits = obj(vc.credentialSubject).creditsEarned;
    const program = row.programSlug ? this.programs.get(row.programSlug) : undefined;
    return this.pool.renderPdf({
      holderName: s.holderName ?? '',
      achievementName: this.certificateName(row, lang) ?? s.name,
      issuerName: s.issuerName,
      coIssuerName: s.coIssuerName ?? undefined,
      validFrom: String(vc.validFrom ?? s.issuedAt),
      validUntil: typeof vc.validUntil === 'string' ? vc.validUntil : undefined,
      revoked: s.revocation
        ? {
            on: s.revocation.revokedAt,
            by: s.revocation.revokedBy,
            reason: s.revocation.category
              ? (lang === 'es' ? CATEGORY_WORDS_ES : CATEGORY_WORDS)[s.revocation.category]
              : undefined,
          }
        : undefined,
      credits:
        typeof credits === 'number'
          ? `${credits.toFixed(1)} ${program?.coIssuer?.creditType ?? 'credits'}`
          : undefined,
      certificateId: s.credentialId,
      verifyUrl: s.verifyUrl,
      credentialJson: row.signed,
      lang,
    });
  }

  // ---- coordinators ---------------------------------------------------------------------------

  async ofOrganization(
    user: SessionUser,
    organizationId: string,
    baseUrl: string,
    lang: Lang = 'en',
  ): Promise<{ certificates: CertificateSummary[]; pending: PendingSummary[] }> {
    this.assertCoordinator(user, organizationId);
    const [rows, pending, org] = await Promise.all([
      this.repo.ofOrganization(organizationId, 500),
      this.repo.pendingOfOrganization(organizationId),
      this.repo.organization(organizationId),
    ]);
    const why = replacements(rows);
    return {
      certificates: rows.map((r) => ({
        ...this.summary(r, baseUrl, org?.name, lang),
        replacedAs: why.get(r.id) ?? null,
      })),
      pending: pending.map((p) => this.pendingSummary(p, lang)),
    };
  }

  /** Revoke (final), suspend, or lift a suspension: the bit, the row and the audit line change together, and the list is re-signed at once. */
  async changeStatus(
    user: SessionUser,
    id: string,
    action: StatusAction,
    reason: string | undefined,
    baseUrl: string,
    category?: RevocationCategory,
  ): Promise<CertificateSummary> {
    const existing = await this.find(id);
    this.assertCoordinator(user, existing.organizationId);
    // A coordinator's revocation names its public category (what employers read at /verify).
    if (action === 'revoke' && !category) {
      const problems = [
        {
          field: 'category',
          messages: [
            'Choose the public reason category (employers see it; the reason itself stays private)',
          ],
        },
      ];
      if (!reason?.trim())
        problems.unshift({
          field: 'reason',
          messages: ['Please give the reason (it is kept in the audit log)'],
        });
      throw new DomainError(
        ErrorCode.Invalid,
        problems.map((p) => p.messages[0]).join('; '),
        problems,
      );
    }
    await this.applyStatus(`user:${user.id}`, existing.id, action, reason, category);
    const names = await this.organizationNames([existing.organizationId]);
    return this.summary(
      (await this.repo.credential(existing.id))!,
      baseUrl,
      names.get(existing.organizationId),
    );
  }

  /**
   * VC-API status update by an API client: only for credentials of the client's own organization (any other
   * id is "not found", so ids of other organizations are not confirmed), audited like a coordinator's change.
   */
  async changeStatusForClient(client: ApiClient, body: StatusUpdateRequestDto): Promise<void> {
    const fail = (field: string, detail: string) =>
      new ProblemError(400, [{ type: PROBLEM.malformed, title: `Invalid ${field}`, detail }]);
    if (typeof body.credentialId !== 'string' || !body.credentialId)
      throw fail('credentialId', 'credentialId must be the id of a credential you issued');
    const entries = Array.isArray(body.credentialStatus)
      ? body.credentialStatus
      : [body.credentialStatus];
    const entry = entries[0] as
      | { type?: unknown; statusPurpose?: unknown; statusListCredential?: unknown }
      | null
      | undefined;
    if (
      entries.length !== 1 ||
      !entry ||
      entry.type !== 'BitstringStatusListEntry' ||
      (entry.statusPurpose !== 'revocation' &&
        entry.statusPurpose !== 'suspension' &&
        entry.statusPurpose !== 'message')
    )
      throw fail(
        'credentialStatus',
        'credentialStatus must be one {type: "BitstringStatusListEntry", statusPurpose: "revocation" | "suspension" | "message"}',
      );
    if (entry.statusPurpose === 'message') return this.setMessageForClient(client, body, entry);
    if (typeof body.status !== 'boolean')
      throw fail('status', 'status must be true (set) or false (clear)');
    if (body.reason !== undefined && typeof body.reason !== 'string')
      throw fail('reason', 'reason must be text');
    const row = await this.repo.credential(rowIdOf(body.credentialId));
    if (!row || row.organizationId !== client.organizationId)
      throw new ProblemError(404, [
        {
          type: PROBLEM.malformed,
          title: 'Unknown credential',
          detail: 'Your organization issued no credential with this credentialId',
        },
      ]);
    const purpose = entry.statusPurpose;
    if (purpose === 'revocation' && !body.status)
      throw new ProblemError(409, [
        {
          type: PROBLEM.malformed,
          title: 'Cannot clear a revocation',
          detail: 'A revocation is final; status false is only for lifting a suspension',
        },
      ]);
    const action: StatusAction =
      purpose === 'revocation' ? 'revoke' : body.status ? 'suspend' : 'unsuspend';
    // Setting a bit that is already set, or clearing a clear one, changes nothing and is not an error.
    if (
      (action === 'revoke' && row.state === 'revoked') ||
      (action === 'suspend' && row.state === 'suspended') ||
      (action === 'unsuspend' && row.state === 'active')
    )
      return;
    const reason =
      (typeof body.reason === 'string' && body.reason.trim()) ||
      `set through the VC-API status route by API client “${client.name}”`;
    await this.applyStatus(`client:${client.clientId}`, row.id, action, reason);
  }

  /**
   * VC-API status update of a `message` entry: `status` is the new value, as a number or as the entry's
   * `statusMessage[].status` ("0x1"); it must be one of the values the credential's statusMessage defines.
   * The message list is re-signed in the same transaction; audited as `credential.status_message`.
   */
  private async setMessageForClient(
    client: ApiClient,
    body: StatusUpdateRequestDto,
    requested: { statusListCredential?: unknown },
  ): Promise<void> {
    const fail = (status: 400 | 404 | 409 | 422, field: string, detail: string) =>
      new ProblemError(status, [{ type: PROBLEM.malformed, title: `Invalid ${field}`, detail }]);
    const credentialId = String(body.credentialId);
    const row = await this.repo.credential(rowIdOf(credentialId));
    if (!row || row.organizationId !== client.organizationId)
      throw fail(
        404,
        'credentialId',
        'Your organization issued no credential with this credentialId',
      );
    const messageEntries = asList(obj(row.signed).credentialStatus).filter(
      (e): e is JsonObject =>
        !!e &&
        typeof e === 'object' &&
        !Array.isArray(e) &&
        e.statusPurpose === 'message' &&
        (requested.statusListCredential === undefined ||
          e.statusListCredential === requested.statusListCredential),
    );
    const entry = messageEntries[0];
    if (!entry)
      throw fail(
        409,
        'credentialStatus',
        'This credential has no message status entry (it was issued without one in options.credentialStatus)',
      );
    const size = Number(entry.statusSize ?? 1);
    const value =
      typeof body.status === 'number'
        ? body.status
        : typeof body.status === 'string'
          ? parseStatusHex(body.status)
          : undefined;
    const messages = asList(entry.statusMessage) as { status?: unknown; message?: unknown }[];
    const named = messages.find((m) => parseStatusHex(m.status) === value);
    if (
      value === undefined ||
      !Number.isInteger(value) ||
      value < 0 ||
      value >= 2 ** size ||
      !named ||
      typeof named.message !== 'string' ||
      named.message === 'undefined'
    )
      throw fail(
        422,
        'status',
        `status must be one of the values this credential's statusMessage defines: ${messages
          .filter((m) => m.message !== 'undefined')
          .map((m) => `${String(m.status)} (“${String(m.message)}”)`)
          .join(', ')}`,
      );
    if (body.reason !== undefined && typeof body.reason !== 'string')
      throw fail(400, 'reason', 'reason must be text');
    const reason =
      (typeof body.reason === 'string' && body.reason.trim()) ||
      `set through the VC-API status route by API client “${client.name}”`;
    await this.repo.transaction(async (m) => {
      const held = await this.repo.lockMessageStatus(m, row.id);
      if (!held)
        throw fail(409, 'credentialStatus', 'This credential holds no entry on that message list');
      if (held.value === value) return;
      await this.lists.setValue(m, held.listId, held.index, value);
      await this.repo.setMessageValue(m, row.id, held.listId, value);
      const before = messages.find((x) => parseStatusHex(x.status) === held.value);
      await this.audit.append(m, {
        organizationId: row.organizationId,
        actor: `client:${client.clientId}`,
        action: 'credential.status_message',
        subject: String(obj(row.signed).id),
        details: {
          reason,
          list: entry.statusListCredential,
          from: { status: statusHex(held.value), message: before?.message ?? null },
          to: { status: statusHex(value), message: named.message },
        },
      });
      await this.bus.publish(`credential:${row.id}`, m);
    });
    this.bus.local(`credential:${row.id}`);
  }

  /** The change itself, for a checked coordinator or the demo seed: one transaction, list re-signed before commit. */
  async applyStatus(
    actor: string,
    id: string,
    action: StatusAction,
    reason: string | undefined,
    category?: RevocationCategory,
  ): Promise<void> {
    const reasonText = reason?.trim();
    if (action !== 'unsuspend' && !reasonText)
      throw invalid('reason', 'Please give the reason (it is kept in the audit log)');
    await this.repo.transaction(async (m) => {
      const row = await this.repo.lockCredential(m, id);
      if (!row) throw new DomainError(ErrorCode.NotFound, 'No certificate has this id');
      const { listId, index, on, next } = this.transition(row, action);
      if (listId === null || index === null)
        throw new DomainError(
          ErrorCode.Conflict,
          `This credential has no ${action === 'revoke' ? 'revocation' : 'suspension'} status entry, so it cannot be ${action === 'revoke' ? 'revoked' : 'suspended'}`,
        );
      await this.lists.setBit(m, listId, index, on);
      await this.repo.setState(
        m,
        row.id,
        next,
        next === 'active' ? null : (reasonText ?? null),
        this.clock.now(),
        next === 'revoked' ? (category ?? null) : null,
      );
      await this.audit.append(m, {
        organizationId: row.organizationId,
        actor,
        action: `credential.${action}`,
        subject: String(obj(row.signed).id),
        details: {
          reason: reasonText ?? null,
          ...(next === 'revoked' ? { category: category ?? null } : {}),
          from: row.state,
          to: next,
        },
      });
      // The cached public verification answer (verification-cache.ts) goes: every instance drops it on commit.
      await this.bus.publish(`credential:${row.id}`, m);
    });
    // And this one again after commit, in case it was read afresh between the publish and the commit.
    this.bus.local(`credential:${uuidOf(id)}`);
  }

  private transition(row: CredentialRow, action: StatusAction) {
    if (row.state === 'revoked')
      throw new DomainError(
        ErrorCode.Conflict,
        'This certificate is revoked; that cannot be undone',
      );
    if (action === 'revoke')
      return {
        listId: row.revocationListId,
        index: row.revocationIndex,
        on: true,
        next: 'revoked' as const,
      };
    if (action === 'suspend') {
      if (row.state === 'suspended')
        throw new DomainError(ErrorCode.Conflict, 'This certificate is already suspended');
      return {
        listId: row.suspensionListId,
        index: row.suspensionIndex,
        on: true,
        next: 'suspended' as const,
      };
    }
    if (row.state !== 'suspended')
      throw new DomainError(ErrorCode.Conflict, 'This certificate is not suspended');
    return {
      listId: row.suspensionListId,
      index: row.suspensionIndex,
      on: false,
      next: 'active' as const,
    };
  }

  // ---- institutions ---------------------------------------------------------------------------

  /**
   * The requests the caller's universities co-issue, each with the evidence behind it. The evidence is
   * gathered only for these rows: staff of another university never see it.
   */
  async pendingForStaff(user: SessionUser, lang: Lang = 'en'): Promise<PendingWithEvidence[]> {
    const universities = orgsWithRole(user, 'institution_staff');
    const rows = await this.repo.pendingForCoIssuers(universities);
    const evidence = await this.evidence.forRequests(rows, lang);
    return rows.flatMap((p) => {
      const e = evidence.get(p.id);
      return e ? [{ ...this.pendingSummary(p, lang), evidence: e }] : [];
    });
  }

  private pendingSummary(
    p: {
      id: string;
      holderName: string;
      programSlug: string;
      organizationName: string;
      coIssuerName: string;
      requestedAt: Date;
    },
    lang: Lang = 'en',
  ): PendingSummary {
    const program = this.programs.get(p.programSlug);
    return {
      id: p.id,
      holderName: p.holderName,
      programSlug: p.programSlug,
      programName: program ? (program.translations[lang]?.name ?? program.name) : p.programSlug,
      organizationName: p.organizationName,
      coIssuerName: p.coIssuerName,
      requestedAt: p.requestedAt.toISOString(),
    };
  }

  private async find(id: string): Promise<CredentialRow> {
    if (!isCredentialId(id))
      throw invalid('id', 'id must be a credential id (urn:uuid:… or its uuid)');
    const row = await this.repo.credential(uuidOf(id));
    if (!row) throw new DomainError(ErrorCode.NotFound, 'No certificate has this id');
    return row;
  }

  private assertCoordinator(user: SessionUser, organizationId: string): void {
    if (!hasRole(user, 'coordinator', organizationId))
      throw new DomainError(ErrorCode.Forbidden, 'You coordinate a different organization');
  }
}

function revocationOf(row: CredentialRow, organizationName: string): Revocation | null {
  return row.state === 'revoked' && row.stateChangedAt
    ? {
        revokedAt: row.stateChangedAt.toISOString(),
        revokedBy: organizationName,
        category: row.revocationCategory,
      }
    : null;
}
