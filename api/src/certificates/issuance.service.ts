import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  asList,
  buildOpenBadgeCredential,
  CONTEXT_URLS,
  dataModelVersion,
  vcProblems,
  embedEndorsements,
  issuerIdOf,
  newCredentialId,
  programAchievement,
  programValidUntil,
  type JsonObject,
  type Program,
  type ProfileInput,
  type StatusEntry,
  MAX_STATUS_SIZE,
  statusMessageProblems,
  type StatusMessageSpec,
  type StatusMessage,
  type EvidenceInput,
  textIn,
} from '@kindred/certificates';
import { AuditService } from '../audit/audit.service.js';
import { CacheBus } from '../common/cache-bus.js';
import { Clock } from '../common/clock.js';
import { inParallel } from '../common/in-parallel.js';
import { Memo } from '../common/memo.js';
import { DomainError, ErrorCode, invalid } from '../common/errors.js';
import { hasRole, orgsWithRole, type SessionUser } from '../common/session-user.js';
import type { ApiClient } from './api-client.entity.js';
import type { CertificateRequest } from './certificate-request.entity.js';
import { CertificatesRepository, type OrgRow } from './certificates.repository.js';
import { KeyringService, type OrgKey } from './keyring.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { ProgramsService } from './programs.service.js';
import { SigningPoolService } from './signing-pool.service.js';
import { malformed, ProblemError, PROBLEM, unprocessable } from './problem.js';
import type { Purpose, StatusListRow } from './status-list.entity.js';
import { PURPOSES, StatusListsService } from './status-lists.service.js';
import { Localized, say, type Lang } from '../common/i18n.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const uuidOf = (credentialId: string) =>
  credentialId.replace(/^urn:uuid:/, '').toLowerCase();
/** A PostgreSQL unique violation (23505), of the named constraint or index when given. */
export const isUniqueViolation = (e: unknown, constraint?: string) => {
  const err = e as {
    code?: string;
    constraint?: string;
    driverError?: { code?: string; constraint?: string };
  } | null;
  const code = err?.driverError?.code ?? err?.code;
  const name = err?.driverError?.constraint ?? err?.constraint;
  return code === '23505' && (!constraint || name === constraint);
};
/** Two issuances picked the same status index of a list; the later one is issued again. */
const isIndexTaken = (e: unknown) =>
  isUniqueViolation(e, 'credentials_revocation_list_id_revocation_index_key') ||
  isUniqueViolation(e, 'credentials_suspension_list_id_suspension_index_key') ||
  isUniqueViolation(e, 'credential_status_messages_list_index_key');
export const isCredentialId = (id: string) => UUID.test(id.replace(/^urn:uuid:/, ''));
/**
 * The row key of a credential id: the uuid of a `urn:uuid:` id, or for any other URL an API client chose
 * (VC-API issuers accept any URL) a uuid derived from the sha256 of the URL, so a duplicate is still found.
 */
export const rowIdOf = (credentialId: string): string => {
  if (isCredentialId(credentialId)) return uuidOf(credentialId);
  const h = createHash('sha256').update(`kindred:credential-id:${credentialId}`).digest('hex');
  // RFC 9562 version 8 (custom) layout, variant 10xx
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** One status entry to give a credential: a bit of a revocation/suspension list, or a message list's entry. */
export type StatusRequest =
  { purpose: Purpose } | { purpose: 'message'; message: StatusMessageSpec };
const KINDRED_STATUS: StatusRequest[] = PURPOSES.map((purpose) => ({ purpose }));

interface IssueJob {
  organizationId: string;
  baseUrl: string;
  /** the entries, in the order the credential carries them */
  status: StatusRequest[];
  actor: { userId?: string; client?: ApiClient };
  holderUserId?: string;
  programSlug?: string;
  coIssuerOrganizationId?: string;
  issuedAt?: Date;
  /** the unsigned credential, once the issuer's key and the status entries are known */
  build(key: OrgKey, status: StatusEntry[]): Promise<JsonObject>;
  /**
   * Which current certificate of the holder's program this one replaces: an id (it must still be current),
   * null (there must be none: a first issuance), or undefined (whatever is current, as a coordinator issues).
   */
  replaces?: string | null;
  /** more audit details (e.g. why the automatic path issued it) */
  auditDetails?: Record<string, unknown>;
  /** more writes that must commit with the credential (e.g. marking a request approved) */
  alsoInTransaction?(manager: EntityManager, credentialId: string): Promise<void>;
  /** what a batch reads once for all its credentials (the issuer's key and lists) */
  memo?: Memo;
  /** false: no "certificate issued" notification (a copy of one the holder already has) */
  notify?: boolean;
}

export interface ProgramIssueOptions {
  /** issue as of this time instead of now (the demo seed's expired certificate) */
  issuedAt?: Date;
  /** the automatic path (eligibility) issued it: why, for the audit log */
  automatic?: 'first' | 'after_expiry' | 'renew';
  /** the current certificate the new one replaces (null: none may exist); see IssueJob.replaces */
  replaces?: string | null;
  /** a coordinator issued (or requested) it by hand: why, and which requirements were not met, for the audit log */
  byHand?: { reason: string | null; unmet: string[]; unmetSaid?: string[] };
}

export type ProgramIssueResult =
  { state: 'issued'; credential: JsonObject } | { state: 'pending'; requestId: string };

/** Signs and stores credentials: one transaction per credential (row, status indexes, audit line), or nothing. */
@Injectable()
export class IssuanceService {
  constructor(
    private readonly repo: CertificatesRepository,
    private readonly keyring: KeyringService,
    private readonly lists: StatusListsService,
    private readonly programs: ProgramsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly bus: CacheBus,
    private readonly pool: SigningPoolService,
    private readonly notifications: NotificationsService,
  ) {}

  private async issue(job: IssueJob): Promise<JsonObject> {
    const memo = job.memo ?? new Memo();
    const key = await memo.get(`key:${job.organizationId}`, () =>
      this.keyring.activeKey(job.organizationId),
    );
    const lists = await memo.get(`lists:${key.row.id}:${job.baseUrl}`, () =>
      this.lists.listsFor(key, job.baseUrl),
    );
    const rows: { row: StatusListRow; message?: StatusMessageSpec }[] = [];
    for (const r of job.status)
      rows.push(
        r.purpose === 'message'
          ? {
              row: await this.lists.messageList(key, job.baseUrl, r.message.statusSize),
              message: r.message,
            }
          : { row: lists[r.purpose] },
      );
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.issueOnce(job, key, rows);
      } catch (e) {
        // Another issuance took the same random status index first (see StatusListsService.allocate): pick again.
        if (isIndexTaken(e) && attempt < 5) continue;
        if (isUniqueViolation(e, 'credentials_one_current'))
          throw new DomainError(
            ErrorCode.Conflict,
            'This volunteer was just issued this certificate by another request',
          );
        throw e;
      }
    }
  }

  private issueOnce(
    job: IssueJob,
    key: OrgKey,
    lists: { row: StatusListRow; message?: StatusMessageSpec }[],
  ): Promise<JsonObject> {
    return this.repo.transaction(async (m) => {
      const allocated = await this.lists.allocate(m, lists);
      const signed = await this.pool.signCredential(
        await job.build(
          key,
          allocated.map((a) => a.entry),
        ),
        key.key,
      );
      const id = rowIdOf(String(signed.id));
      const at = (p: Purpose) => allocated.find((a) => a.purpose === p);
      const listOf = (p: Purpose) => at(p)?.listId ?? null;
      // Renewal: the earlier certificate points at this one before it is stored (the reference is checked at
      // commit), so the one-current-certificate index sees one row at a time; a concurrent issuance fails it.
      // With `replaces` given this is a compare-and-set: a concurrent run that got there first leaves nothing to
      // replace (or a current row in the way of the index), and this transaction rolls back.
      let superseded: string[] = [];
      if (job.holderUserId && job.programSlug && job.replaces !== null) {
        superseded = await this.repo.supersede(
          m,
          id,
          job.holderUserId,
          job.programSlug,
          job.replaces,
        );
        if (job.replaces && !superseded.includes(job.replaces))
          throw new DomainError(
            ErrorCode.Conflict,
            'The certificate this one renews was already renewed',
          );
        // A cached verification of the old one must now say it was replaced (here at once, elsewhere on commit).
        for (const old of superseded) await this.bus.publish(`credential:${old}`, m);
      }
      await this.repo.insertCredential(m, {
        id,
        organizationId: job.organizationId,
        signingKeyId: key.row.id,
        holderUserId: job.holderUserId ?? null,
        programSlug: job.programSlug ?? null,
        coIssuerOrganizationId: job.coIssuerOrganizationId ?? null,
        revocationListId: listOf('revocation'),
        revocationIndex: at('revocation')?.index ?? null,
        suspensionListId: listOf('suspension'),
        suspensionIndex: at('suspension')?.index ?? null,
        signed,
        issuedAt: job.issuedAt ?? this.clock.now(),
        validUntil: typeof signed.validUntil === 'string' ? new Date(signed.validUntil) : null,
        issuedByUserId: job.actor.userId ?? null,
        issuedByClientId: job.actor.client?.id ?? null,
      });
      await this.repo.insertMessageStatus(
        m,
        id,
        allocated.filter((a) => a.purpose === 'message'),
      );
      await job.alsoInTransaction?.(m, id);
      await this.audit.append(m, {
        organizationId: job.organizationId,
        actor: job.actor.client
          ? `client:${job.actor.client.clientId}`
          : job.actor.userId
            ? `user:${job.actor.userId}`
            : 'system',
        action: 'credential.issue',
        subject: String(signed.id),
        details: {
          issuer: key.key.did,
          program: job.programSlug ?? null,
          holder: job.holderUserId ?? null,
          status: Object.fromEntries(allocated.map((a) => [a.purpose, a.index])),
          ...(allocated.some((a) => a.purpose === 'message')
            ? {
                statusMessages: job.status.flatMap((r) =>
                  r.purpose === 'message' ? [r.message.statusMessage.map((x) => x.message)] : [],
                ),
              }
            : {}),
          supersedes: superseded.map((s) => `urn:uuid:${s}`),
          ...job.auditDetails,
        },
      });
      if (job.holderUserId && job.notify !== false) {
        const program = job.programSlug ? this.programs.get(job.programSlug) : undefined;
        await this.notifications.notify(m, {
          userId: job.holderUserId,
          kind: 'certificate_issued',
          says: (lang) => {
            const name =
              program?.translations[lang]?.name ?? textIn(signed.name, lang) ?? 'A certificate';
            return {
              title: say(lang, 'n.certificateIssued.title', { name }),
              body: say(lang, 'n.certificateIssued.body', { name }),
            };
          },
          link: '/learn/certificates',
          mail: { organizationId: job.organizationId },
        });
      }
      return signed;
    });
  }

  // ---- service issuance (VC-API) --------------------------------------------------------------

  /** `POST /api/credentials/issue`: a VC 2.0 credential whose issuer is the caller's organization, signed as given plus status entries. */
  async issueForClient(
    client: ApiClient,
    credential: unknown,
    options: { credentialStatus?: unknown } | undefined,
    baseUrl: string,
  ): Promise<JsonObject> {
    const input = this.checkClientCredential(credential);
    // The caller's own well-formed status entries are kept unless options.credentialStatus asks for Kindred's.
    const callerStatus = input.credentialStatus !== undefined;
    // A VC 1.1 credential gets Kindred's status entries only when asked: BitstringStatusListEntry needs a
    // context (status/v1) that VC 1.1 verifiers may not have.
    const purposes =
      (callerStatus || dataModelVersion(input) === '1.1') && options?.credentialStatus === undefined
        ? []
        : this.requestedStatus(options?.credentialStatus);
    // A credential without status entries (neither the caller's nor Kindred's) can never be revoked or
    // suspended: only where the organization has said so explicitly (organizations.allow_unrevocable_credentials).
    if (
      !purposes.some((p) => p.purpose !== 'message') &&
      !callerStatus &&
      !(await this.repo.allowsUnrevocable(client.organizationId))
    )
      throw unprocessable(
        'The credential would have no status entries, so it could never be revoked: send credentialStatus entries or ask for them in options.credentialStatus (a VC 1.1 credential gets none by default); your organization has not allowed credentials that cannot be revoked',
        'Cannot issue an unrevocable credential',
      );
    const key = await this.keyring.activeKey(client.organizationId);
    const issuer = issuerIdOf(input);
    if (issuer !== key.key.did) {
      throw new ProblemError(422, [
        {
          type: PROBLEM.malformed,
          title: 'Wrong issuer',
          detail: `credential.issuer must be your organization's did (${key.key.did}), not ${JSON.stringify(issuer ?? null)}`,
        },
      ]);
    }
    const id = typeof input.id === 'string' ? input.id : newCredentialId();
    if (await this.repo.credentialExists(rowIdOf(id)))
      throw new ProblemError(409, [
        {
          type: PROBLEM.malformed,
          title: 'Duplicate id',
          detail: `a credential with id ${id} was already issued`,
        },
      ]);
    try {
      return await this.issue({
        organizationId: client.organizationId,
        baseUrl,
        status: purposes,
        actor: { client },
        build: async (_key, status) => {
          const { credentialStatus: _callers, ...rest } = input;
          const entries = status.length ? status : asList(_callers);
          // The VC 1.1 context does not define Kindred's BitstringStatusListEntry; its own context does.
          const contexts = asList(rest['@context']);
          if (
            status.length &&
            dataModelVersion(input) === '1.1' &&
            !contexts.includes(CONTEXT_URLS.STATUS_LIST_V1)
          )
            rest['@context'] = [...contexts, CONTEXT_URLS.STATUS_LIST_V1];
          return {
            ...rest,
            id,
            ...(entries.length
              ? { credentialStatus: entries.length === 1 ? entries[0] : entries }
              : {}),
          };
        },
      });
    } catch (e) {
      if (e instanceof ProblemError || e instanceof DomainError) throw e;
      // JSON-LD expansion refuses undefined terms and unknown contexts: the input's fault, said in its words.
      const reason = e instanceof Error ? e.message : String(e);
      if (/context|term|jsonld|JSON-LD|protected|safe mode|Invalid|undefined/i.test(reason))
        throw unprocessable(`the credential cannot be signed: ${reason}`);
      throw e;
    }
  }

  /**
   * A VC 2.0 or VC 1.1 credential, checked against the data model with the verifier's own rules
   * (vcProblems) before anything is signed; each problem names its field.
   */
  private checkClientCredential(credential: unknown): JsonObject {
    if (credential === null || typeof credential !== 'object' || Array.isArray(credential))
      throw malformed('credential must be a JSON object');
    const vc = { ...(credential as JsonObject) };
    if ('proof' in vc) throw malformed('credential must not carry a proof: the issuer signs it');
    // VC 1.1 requires issuanceDate; the issuer sets it to now when the caller left it out (as vc.issue does).
    if (dataModelVersion(vc) === '1.1' && vc.issuanceDate === undefined)
      vc.issuanceDate = new Date(this.clock.now().getTime())
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z');
    const problems = vcProblems(vc);
    if (problems.length)
      throw new ProblemError(
        400,
        problems.map((detail) => ({
          type: PROBLEM.malformed,
          title: 'Invalid credential',
          detail,
        })),
      );
    return vc;
  }

  /**
   * `options.credentialStatus`: `{type: "BitstringStatusListEntry", statusPurpose}` or a list of them, in the order
   * the credential will carry them. `revocation` and `suspension` are one bit on Kindred's lists; `message` asks
   * for an entry of `statusSize` bits (1 to MAX_STATUS_SIZE) with the caller's `statusMessage` (2^statusSize
   * elements, `status` 0x0.. and `message`) and optional `statusReference`, at most one per credential.
   */
  private requestedStatus(requested: unknown): StatusRequest[] {
    if (requested === undefined) return [...KINDRED_STATUS];
    const many = Array.isArray(requested);
    const list: unknown[] = many ? requested : [requested];
    const out: StatusRequest[] = [];
    list.forEach((r, k) => {
      const path = many ? `options.credentialStatus[${k}]` : 'options.credentialStatus';
      const entry = r as Record<string, unknown> | null;
      if (
        !entry ||
        typeof entry !== 'object' ||
        entry.type !== 'BitstringStatusListEntry' ||
        !['revocation', 'suspension', 'message'].includes(entry.statusPurpose as string)
      )
        throw malformed(
          `${path} must be {type: "BitstringStatusListEntry", statusPurpose: "revocation" | "suspension" | "message"} (or a list of them)`,
          'Invalid options',
        );
      const purpose = entry.statusPurpose as Purpose | 'message';
      if (purpose !== 'message') {
        if (
          (entry.statusSize !== undefined && entry.statusSize !== 1) ||
          entry.statusMessage !== undefined
        )
          throw unprocessable(
            `${path}: Kindred's ${purpose} lists are one bit per credential; statusSize and statusMessage are for statusPurpose "message"`,
            'Invalid options',
          );
        if (!out.some((o) => o.purpose === purpose)) out.push({ purpose });
        return;
      }
      if (out.some((o) => o.purpose === 'message'))
        throw unprocessable(
          `${path}: a credential can have one message entry (put every message in its statusMessage)`,
          'Invalid options',
        );
      if (entry.statusSize === undefined)
        throw unprocessable(
          `${path}.statusSize is required for statusPurpose "message" (an integer from 1 to ${MAX_STATUS_SIZE})`,
          'Invalid options',
        );
      if (entry.statusMessage === undefined)
        throw unprocessable(
          `${path}.statusMessage is required for statusPurpose "message": one {status, message} for each of the 2^statusSize values`,
          'Invalid options',
        );
      const problems = statusMessageProblems(entry as JsonObject, path, MAX_STATUS_SIZE);
      if (problems.length)
        throw new ProblemError(
          422,
          problems.map((detail) => ({ type: PROBLEM.malformed, title: 'Invalid options', detail })),
        );
      const messages = (entry.statusMessage as StatusMessage[])
        .map((m) => ({ ...m }))
        .sort((a, b) => parseInt(a.status.slice(2), 16) - parseInt(b.status.slice(2), 16));
      out.push({
        purpose: 'message',
        message: {
          statusSize: entry.statusSize as number,
          statusMessage: messages,
          ...(entry.statusReference === undefined
            ? {}
            : { statusReference: entry.statusReference as string | string[] }),
        },
      });
    });
    return out;
  }

  // ---- program certificates -------------------------------------------------------------------

  /**
   * A coordinator issues a program certificate to a volunteer. A co-issued program only records a
   * request: nothing is signed until the university's staff approve it.
   */
  async requestProgramCertificate(
    coordinator: SessionUser | 'system',
    organizationId: string,
    holderUserId: string,
    slug: string,
    baseUrl: string,
    options: ProgramIssueOptions = {},
  ): Promise<ProgramIssueResult> {
    if (coordinator !== 'system' && !hasRole(coordinator, 'coordinator', organizationId))
      throw new DomainError(ErrorCode.Forbidden, 'You coordinate a different organization');
    const program = this.programs.get(slug);
    if (!program) throw invalid('program', `There is no program "${slug}"`);
    const holder = await this.repo.volunteer(organizationId, holderUserId);
    if (!holder)
      throw invalid('holderUserId', 'That person is not a volunteer of your organization');
    const actorId = coordinator === 'system' ? undefined : coordinator.id;
    if (options.byHand?.unmet.length && !options.byHand.reason)
      throw invalid(
        'reason',
        new Localized('issue.unmet', {
          name: holder.name,
          count: options.byHand.unmet.length,
          list: (options.byHand.unmetSaid ?? options.byHand.unmet).join('; '),
        }),
      );
    if (!program.coIssuer) {
      return {
        state: 'issued',
        credential: await this.issueProgram(organizationId, holderUserId, program, baseUrl, {
          actorId,
          ...options,
        }),
      };
    }
    const university = await this.repo.organizationBySlug(program.coIssuer.organization);
    if (!university)
      throw new DomainError(
        ErrorCode.Conflict,
        `The co-issuer ${program.coIssuer.organization} of this program is not set up`,
      );
    const waiting = () =>
      new DomainError(
        ErrorCode.Conflict,
        `${holder.name} already has a request for this certificate waiting for ${university.name}`,
      );
    if (await this.repo.pendingRequestExists(holderUserId, slug)) throw waiting();
    const request = await this.repo
      .transaction(async (m) => {
        const row = await this.repo.insertRequest(m, {
          organizationId,
          coIssuerOrganizationId: university.id,
          holderUserId,
          programSlug: slug,
          requestedBy: actorId ?? null,
          requestedAt: this.clock.now(),
        });
        await this.audit.append(m, {
          organizationId,
          actor: actorId ? `user:${actorId}` : 'system',
          action: 'certificate.request',
          subject: `certificate-request:${row.id}`,
          details: {
            program: slug,
            holder: holderUserId,
            coIssuer: university.id,
            ...(options.automatic ? { automatic: options.automatic } : {}),
            ...(options.byHand ? { byHand: auditedByHand(options.byHand) } : {}),
          },
        });
        await this.notifications.notify(m, {
          userId: holderUserId,
          kind: 'certificate_awaiting',
          says: (lang) => {
            const p = { university: university.name, program: programName(program, lang) };
            return {
              title: say(lang, 'n.certificateAwaiting.title', p),
              body: say(lang, 'n.certificateAwaiting.body', p),
            };
          },
          link: '/learn/certificates',
          mail: { organizationId },
        });
        return row;
      })
      .catch((e: unknown) => {
        // two requests at once: the one-pending index lets one through
        if (isUniqueViolation(e, 'certificate_requests_one_pending')) throw waiting();
        throw e;
      });
    return { state: 'pending', requestId: request.id };
  }

  /**
   * Institution staff approve pending requests of their university: each is endorsed, signed and stored in its own
   * transaction. A batch keeps every signing thread busy: an approval spends as long in its ~20 database round
   * trips as in signing, so three per thread are in flight (measured: fewer leave the threads waiting). After a
   * failure no further request starts, and the first failure is what the caller gets (approved ones stay approved).
   */
  async approve(
    staff: SessionUser | 'system',
    requestIds: string[],
    baseUrl: string,
    options: ProgramIssueOptions = {},
  ): Promise<{ requestId: string; credentialId: string }[]> {
    const allowed = staff === 'system' ? undefined : orgsWithRole(staff, 'institution_staff');
    const staffId = staff === 'system' ? undefined : staff.id;
    const batch = {
      memo: new Memo(),
      requests: new Map((await this.repo.requests(requestIds)).map((r) => [r.id, r])),
    };
    for (const person of await this.repo.people([
      ...new Set([...batch.requests.values()].map((r) => r.holderUserId)),
    ])) {
      void batch.memo.get(`person:${person.id}`, async () => person);
    }
    return inParallel(requestIds, Math.max(2, 3 * this.pool.threads), async (requestId) => {
      const credential = await this.approveOne(
        staffId,
        allowed,
        requestId,
        batch,
        baseUrl,
        options,
      );
      return { requestId, credentialId: String(credential.id) };
    });
  }

  /** Institution staff decline pending requests (reason required); nothing is issued, and the program may ask again later. */
  async decline(
    staff: SessionUser,
    requestIds: string[],
    reason: string | undefined,
  ): Promise<number> {
    const why = reason?.trim();
    if (!why)
      throw invalid(
        'reason',
        'Please give the reason for declining (the program sees it in the audit log)',
      );
    const allowed = orgsWithRole(staff, 'institution_staff');
    for (const requestId of requestIds) {
      await this.repo.transaction(async (m) => {
        const request = await this.repo.lockRequest(m, requestId);
        if (!request) throw new DomainError(ErrorCode.NotFound, 'There is no such request');
        if (!allowed.includes(request.coIssuerOrganizationId))
          throw new DomainError(ErrorCode.Forbidden, 'This request is for another university');
        if (request.status !== 'pending')
          throw new DomainError(ErrorCode.Conflict, 'This request was already decided');
        await this.repo.decideRequest(m, requestId, 'declined', staff.id, this.clock.now(), null);
        await this.audit.append(m, {
          organizationId: request.organizationId,
          actor: `user:${staff.id}`,
          action: 'certificate.decline',
          subject: `certificate-request:${requestId}`,
          details: { reason: why, program: request.programSlug, holder: request.holderUserId },
        });
      });
    }
    return requestIds.length;
  }

  private async approveOne(
    staffId: string | undefined,
    allowed: string[] | undefined,
    requestId: string,
    batch: { memo: Memo; requests: Map<string, CertificateRequest> },
    baseUrl: string,
    options: ProgramIssueOptions,
  ): Promise<JsonObject> {
    const pending = batch.requests.get(requestId);
    if (!pending) throw new DomainError(ErrorCode.NotFound, 'There is no such request');
    if (allowed && !allowed.includes(pending.coIssuerOrganizationId))
      throw new DomainError(ErrorCode.Forbidden, 'This request is for another university');
    if (pending.status !== 'pending')
      throw new DomainError(ErrorCode.Conflict, 'This request was already decided');
    const program = this.programs.get(pending.programSlug);
    if (!program)
      throw new DomainError(
        ErrorCode.Conflict,
        `The program "${pending.programSlug}" no longer exists`,
      );
    return this.issueProgram(pending.organizationId, pending.holderUserId, program, baseUrl, {
      ...options,
      actorId: staffId,
      memo: batch.memo,
      alsoInTransaction: async (m, credentialId) => {
        // Decided only if still pending, in the transaction: a second approval of the same request (a double click, two staff) issues nothing.
        const decided = await this.repo.decidePending(
          m,
          requestId,
          'approved',
          staffId ?? null,
          this.clock.now(),
          credentialId,
        );
        if (!decided) throw new DomainError(ErrorCode.Conflict, 'This request was already decided');
      },
    });
  }

  /**
   * A copy of a current program certificate issued to the DID a wallet authenticated with (its
   * `credentialSubject.id`), for a program with `bind_to_wallet_did`: the same program, holder and validity
   * (validFrom as the original's, so the same validUntil); it replaces the original, which then verifies as
   * replaced. `alsoInTransaction` commits with it (the exchange being used up). Audited with the DID; the
   * holder is not notified (they asked for it in their wallet).
   */
  async issueToWalletDid(
    current: {
      id: string;
      organizationId: string;
      holderUserId: string;
      programSlug: string;
      validFrom: Date;
    },
    did: string,
    baseUrl: string,
    alsoInTransaction: NonNullable<IssueJob['alsoInTransaction']>,
  ): Promise<JsonObject> {
    const program = this.programs.get(current.programSlug);
    if (!program?.bindToWalletDid)
      throw new DomainError(
        ErrorCode.Conflict,
        'This program does not issue certificates to a wallet’s DID',
      );
    return this.issueProgram(current.organizationId, current.holderUserId, program, baseUrl, {
      issuedAt: current.validFrom,
      replaces: current.id,
      actorId: current.holderUserId,
      subjectDid: did,
      alsoInTransaction,
    });
  }

  private async issueProgram(
    organizationId: string,
    holderUserId: string,
    program: Program,
    baseUrl: string,
    options: ProgramIssueOptions & {
      actorId?: string;
      alsoInTransaction?: IssueJob['alsoInTransaction'];
      memo?: Memo;
      /** the DID a wallet authenticated with: the credential's `credentialSubject.id` (issueToWalletDid) */
      subjectDid?: string;
    },
  ): Promise<JsonObject> {
    const memo = options.memo ?? new Memo();
    const [org, holder] = await Promise.all([
      memo.get(`org:${organizationId}`, () => this.repo.organization(organizationId)),
      memo.get(`person:${holderUserId}`, () => this.repo.person(holderUserId)),
    ]);
    if (!org || !holder)
      throw new DomainError(
        ErrorCode.NotFound,
        'The organization or the volunteer no longer exists',
      );
    const coIssuer = program.coIssuer?.organization;
    const university = coIssuer
      ? await memo.get(`org-slug:${coIssuer}`, () => this.repo.organizationBySlug(coIssuer))
      : undefined;
    const universityKey = university
      ? await memo.get(`key:${university.id}`, () => this.keyring.activeKey(university.id))
      : undefined;
    const validFrom = options.issuedAt ?? this.clock.now();
    const validUntil = programValidUntil(program, validFrom);
    return this.issue({
      organizationId,
      baseUrl,
      status: KINDRED_STATUS,
      issuedAt: validFrom,
      actor: { userId: options.actorId },
      holderUserId,
      programSlug: program.slug,
      coIssuerOrganizationId: university?.id,
      alsoInTransaction: options.alsoInTransaction,
      memo,
      auditDetails: options.subjectDid
        ? { walletDid: options.subjectDid }
        : options.automatic
          ? { automatic: options.automatic }
          : options.byHand
            ? { byHand: auditedByHand(options.byHand) }
            : undefined,
      replaces: options.replaces,
      ...(options.subjectDid ? { notify: false } : {}),
      build: async (key, status) => {
        const creator =
          university && universityKey
            ? this.profileOf(university, universityKey.key.did, baseUrl)
            : undefined;
        const unsigned = buildOpenBadgeCredential({
          issuer: this.profileOf(org, key.key.did, baseUrl),
          validFrom,
          validUntil,
          holder: { id: options.subjectDid, name: holder.name, email: holder.email },
          achievement: programAchievement(program, {
            id: `${baseUrl}/programs/${program.slug}`,
            frameworkUrl: `${baseUrl}/competencies`,
            frameworkName: this.programs.framework.title,
            competencyName: (id) => this.programs.framework.names.get(id),
            creator,
          }),
          creditsEarned: program.coIssuer?.credits,
          result: [{ status: 'Completed' }],
          evidence: [completionEvidence(org.name, program)],
          credentialStatus: status,
        });
        if (!creator || !universityKey || !program.coIssuer) return unsigned;
        const endorsement = await this.pool.signEndorsement(
          {
            credentialId: unsigned.id,
            endorser: creator,
            comment: program.coIssuer.accreditation,
            validFrom,
            validUntil,
          },
          universityKey.key,
        );
        return embedEndorsements(unsigned, [endorsement]);
      },
    });
  }

  private profileOf(org: OrgRow, did: string, baseUrl: string): ProfileInput {
    return { id: did, name: org.name, url: org.url ?? baseUrl };
  }
}

/** The evidence summary of a program credential, in English and in Spanish when the program has a Spanish name. */
/** The evidence of a completion, in English as the rest of what is signed (Open Badges types it String). */
function completionEvidence(orgName: string, program: Program): EvidenceInput {
  return {
    name: 'Program completion confirmed',
    description: `${orgName} confirmed that the holder met the requirements of ${program.name}.`,
  };
}

/** A program's name in a language (its `translations`), else its own. */
const programName = (p: Program, lang: Lang): string => p.translations[lang]?.name ?? p.name;
/** What the audit log keeps of an issue by hand: the reason and the unmet requirements, in English. */
const auditedByHand = ({ reason, unmet }: NonNullable<ProgramIssueOptions['byHand']>) => ({
  reason,
  unmet,
});
