import { isObject, type JsonObject } from '../json.js';
import { dateFields } from './data-model.js';
import { endorsementsOf, issuerNameOf } from './endorsements.js';
import type { Check } from './types.js';
import { ENGLISH, type Words } from './words.js';

/** Tolerance for a verifier whose clock runs behind the issuer's, for freshly issued certificates. */
const CLOCK_SKEW_MS = 5 * 60_000;

export type DateState = 'current' | 'expired' | 'not_yet_valid';

/** The calendar day of a date-time; an unreadable value is shown as written (data_model reports it). */
const day = (iso: string) =>
  Number.isNaN(Date.parse(iso)) ? JSON.stringify(iso) : new Date(iso).toISOString().slice(0, 10);

export function dateState(
  vc: JsonObject,
  now: Date,
  w: Words = ENGLISH,
): { state: DateState; detail: string } {
  const fields = dateFields(vc);
  const validFrom = vc[fields.from];
  const validUntil = vc[fields.until];
  if (typeof validFrom === 'string' && Date.parse(validFrom) > now.getTime() + CLOCK_SKEW_MS) {
    return { state: 'not_yet_valid', detail: w.notValidUntil(day(validFrom)) };
  }
  if (typeof validUntil === 'string' && Date.parse(validUntil) < now.getTime()) {
    return { state: 'expired', detail: w.expiredOn(day(validUntil)) };
  }
  const from = typeof validFrom === 'string' ? day(validFrom) : undefined;
  const until = typeof validUntil === 'string' ? day(validUntil) : undefined;
  return {
    state: 'current',
    detail:
      from && until
        ? w.validFromUntil(from, until)
        : until
          ? w.validUntilOnly(until)
          : from
            ? w.validFromOpen(from)
            : w.validOpen(),
  };
}

/** The certificate's own dates, then each endorsement's (an endorsement past its dates no longer vouches). */
export function datesCheck(
  vc: unknown,
  now: Date,
  w: Words = ENGLISH,
): Check & { state: DateState } {
  if (!isObject(vc))
    return {
      id: 'dates',
      passed: false,
      detail: w.noDates(),
      network: false,
      state: 'current',
    };
  const own = dateState(vc, now, w);
  const lapsed = endorsementsOf(vc)
    .map((e) => ({ name: issuerNameOf(e) ?? w.anEndorser(), ...dateState(e, now, w) }))
    .filter((e) => e.state !== 'current');
  const state = own.state !== 'current' ? own.state : (lapsed[0]?.state ?? 'current');
  const parts = [
    w.certificateDates(own.detail),
    ...lapsed.map((e) => w.endorsementDates(e.name, e.detail)),
  ];
  return {
    id: 'dates',
    passed: state === 'current',
    detail: parts.join(' '),
    network: false,
    state,
  };
}
