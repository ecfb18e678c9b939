import type { JsonObject } from '../json.js';
import { issuerIdOf } from '../sign.js';
import { issuerNameOf } from './endorsements.js';
import type { Check, EndorsementResult } from './types.js';
import { ENGLISH, type Words } from './words.js';

function describe(id: string | undefined, name: string | undefined): string {
  return name ? `“${name}” (${id})` : String(id);
}

/** Whether the issuer, and every endorser, is an organization in Kindred's registry. */
export function issuerCheck(
  vc: JsonObject,
  endorsements: EndorsementResult[],
  known: ReadonlySet<string> | undefined,
  w: Words = ENGLISH,
): Check {
  const issuer = issuerIdOf(vc);
  const who = describe(issuer, issuerNameOf(vc));
  if (!known) {
    return {
      id: 'issuer',
      passed: true,
      detail: w.issuedNoRegistry(who),
      network: false,
    };
  }
  const unknownEndorsers = endorsements.filter((e) => !e.endorser || !known.has(e.endorser));
  const issuerKnown = issuer !== undefined && known.has(issuer);
  const parts = [
    issuerKnown ? w.issuedKnown(who) : w.issuedUnknown(who, String(issuer)),
    ...unknownEndorsers.map((e) => w.endorserUnknown(describe(e.endorser, e.endorserName))),
  ];
  return {
    id: 'issuer',
    passed: issuerKnown && unknownEndorsers.length === 0,
    detail: parts.join(' '),
    network: false,
  };
}
