import { Inject, Injectable } from '@nestjs/common';
import {
  CachedVerifier,
  createDidWebResolver,
  asList,
  textIn,
  disabledDidWebResolver,
  type DidWebResolver,
  type Check,
  type JsonObject,
  type VerificationResult,
} from '@kindred/certificates';
import { Clock } from '../common/clock.js';
import { CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import type { Lang } from '../common/i18n.js';
import { KeyringService } from './keyring.service.js';
import { PROBLEM, type ProblemDetail } from './problem.js';
import { StatusListsService } from './status-lists.service.js';

export interface VcApiVerification extends VerificationResult {
  verified: boolean;
  /** the credential's id, when it has one */
  credentialId?: string;
  /** the credential's name (else its achievement's) in the reader's language, when it has one */
  name?: string;
  problemDetails: ProblemDetail[];
}

const asObject = (v: unknown): JsonObject =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : {};

/** What the credential calls itself, in `lang` where it says it in more than one language (else English). */
export function credentialNameIn(vc: unknown, lang: Lang): string | undefined {
  const c = asObject(vc);
  const achievement = asObject(asObject(asList(c.credentialSubject)[0]).achievement);
  return textIn(c.name, lang) ?? textIn(achievement.name, lang);
}

const PROBLEM_OF: Record<Check['id'], { type: string; title: Record<Lang, string> }> = {
  signature: { type: PROBLEM.crypto, title: { en: 'Signature', es: 'Firma' } },
  endorsements: { type: PROBLEM.crypto, title: { en: 'Endorsements', es: 'Avales' } },
  status: { type: PROBLEM.status, title: { en: 'Status', es: 'Estado' } },
  dates: { type: PROBLEM.range, title: { en: 'Dates', es: 'Fechas' } },
  issuer: { type: PROBLEM.malformed, title: { en: 'Issuer', es: 'Emisor' } },
  data_model: { type: PROBLEM.malformed, title: { en: 'Data model', es: 'Modelo de datos' } },
};
const NOT_VALID: Record<Lang, string> = { en: 'Not valid', es: 'No es válido' };
const NOT_CHECKED: Record<Lang, string> = { en: 'Not checked', es: 'Sin revisar' };

/**
 * Verifies credentials like any outside verifier would (proofs, endorsements, data model), except that
 * our own status lists are read from the database rather than fetched. Lists of other issuers are not
 * fetched from here (that would let anyone make this server call arbitrary URLs): their status is reported
 * as not checked. The one thing fetched for a stranger is a did:web issuer's DID document (5 s timeout,
 * cached 5 min, no redirects, never from a private or local address); when it cannot be had the answer
 * is `not_checked`. With DID_WEB_FETCH=false nothing is fetched at all: did:web issuers are `not_checked`, the
 * reason naming the setting.
 */
@Injectable()
export class VerificationService {
  private readonly verifier = new CachedVerifier({ maxEntries: 20_000 });
  /** The one did:web resolver (and cache) of this server: credentials' issuers and presentations' holders. */
  readonly didWeb: DidWebResolver;

  constructor(
    private readonly keyring: KeyringService,
    private readonly lists: StatusListsService,
    private readonly clock: Clock,
    @Inject(CONFIG) config: AppConfig,
  ) {
    this.didWeb = config.didWebFetch
      ? createDidWebResolver()
      : disabledDidWebResolver('DID_WEB_FETCH=false');
  }

  /** `lang`: the language of every sentence in the answer (its details and summary). */
  async verify(vc: unknown, lang: Lang = 'en'): Promise<VcApiVerification> {
    const result = await this.verifier.verify(vc, {
      lang,
      getStatusList: (url) => this.lists.byUrl(url),
      knownIssuers: await this.keyring.knownIssuers(),
      now: this.clock.now(),
      didWeb: this.didWeb,
    });
    // `verified` is the cryptographic and structural answer (proof, endorsements, status, dates, data model);
    // whether Kindred knows the issuer is reported beside it as the `issuer` check, not part of it.
    // A check that did not run because there was nothing to check (no endorsements) does not count against it;
    // the others are "not checked" only after the signature failed, which already decides.
    const verified =
      result.checks.some((c) => c.id === 'signature' && c.passed) &&
      result.checks.every((c) => c.passed || c.notChecked || c.id === 'issuer');
    const problemDetails = verified ? [] : this.problems(result, lang);
    const id =
      vc && typeof vc === 'object' && typeof (vc as JsonObject).id === 'string'
        ? String((vc as JsonObject).id)
        : undefined;
    const name = credentialNameIn(vc, lang);
    return { verified, credentialId: id, ...(name ? { name } : {}), ...result, problemDetails };
  }

  private problems(result: VerificationResult, lang: Lang): ProblemDetail[] {
    const failed = result.checks
      .filter((c) => !c.passed && !c.notChecked && c.id !== 'issuer')
      .map((c) => ({
        type: PROBLEM_OF[c.id].type,
        title: PROBLEM_OF[c.id].title[lang],
        detail: c.detail,
      }));
    if (failed.length) return failed;
    if (result.verdict === 'not_checked')
      return [{ type: PROBLEM.crypto, title: NOT_CHECKED[lang], detail: result.summary }];
    return [{ type: PROBLEM.status, title: NOT_VALID[lang], detail: result.summary }];
  }
}
