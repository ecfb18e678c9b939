import type { JsonObject } from '../json.js';
import { issuerIdOf } from '../sign.js';
import { issuerNameOf } from './endorsements.js';
import type { Check, EndorsementResult } from './types.js';

function describe(id: string | undefined, name: string | undefined): string {
  return name ? `“${name}” (${id})` : String(id);
}

/** Whether the issuer, and every endorser, is an organization in Kindred's registry. */
export function issuerCheck(
  vc: JsonObject,
  endorsements: EndorsementResult[],
  known: ReadonlySet<string> | undefined,
): Check {
  const issuer = issuerIdOf(vc);
  const who = describe(issuer, issuerNameOf(vc));
  if (!known) {
    return {
      id: 'issuer',
      passed: true,
      detail: `Issued by ${who}. No registry of known issuers was consulted, so who holds this key was not confirmed.`,
      network: false,
    };
  }
  const unknownEndorsers = endorsements.filter((e) => !e.endorser || !known.has(e.endorser));
  const issuerKnown = issuer !== undefined && known.has(issuer);
  const parts = [
    issuerKnown
      ? `Issued by ${who}, an organization Kindred knows.`
      : `Issued by ${who}, which is not in Kindred’s registry of organizations: the signature proves only that this key signed it, not who holds the key. Check who ${String(issuer)} is.`,
    ...unknownEndorsers.map(
      (e) => `The endorser ${describe(e.endorser, e.endorserName)} is not in Kindred’s registry.`,
    ),
  ];
  return {
    id: 'issuer',
    passed: issuerKnown && unknownEndorsers.length === 0,
    detail: parts.join(' '),
    network: false,
  };
}
