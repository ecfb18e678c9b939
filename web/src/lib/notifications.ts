import type { components } from '$lib/api/schema';
import type { MessageKey } from '$lib/i18n/en';

/** A notification's kind, as the API's generated schema (`pnpm openapi`) names them. */
export type NotificationKind = components['schemas']['NotificationDto']['kind'];

/** The kinds the e-mail preferences speak of: the API answers one boolean per kind. */
type PreferenceKind = keyof NonNullable<
  components['schemas']['NotificationPreferencesDto']['email']
>;

/**
 * Every kind once, as the keys of a record over the generated union: a kind the API adds (or drops) is a
 * type error here until this list follows, so the e-mail choices on /me/notifications cannot silently
 * leave one out (an unchecked box there would be sent as "no e-mail" for it).
 */
const EVERY_KIND: Record<NotificationKind, true> = {
  signoff_decided: true,
  practice_asked: true,
  hours_verified: true,
  hours_returned: true,
  certificate_issued: true,
  certificate_awaiting: true,
  drill_reminder: true,
  wellbeing_checkin: true,
  debrief_asked: true,
};

export const NOTIFICATION_KINDS = Object.keys(EVERY_KIND) as NotificationKind[];

/** True only when both are the same set of names. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** A type error unless T is true. */
type Assert<T extends true> = T;

/**
 * Checked by the compiler (`pnpm --filter @kindred/web check`): the preferences cover exactly the kinds a
 * notification can have, and each kind has its label (`notif.kind.*` in English; the Spanish dictionary
 * is typed key for key against the English one).
 */
export type NotificationKindChecks = [
  Assert<Same<PreferenceKind, NotificationKind>>,
  Assert<`notif.kind.${NotificationKind}` extends MessageKey ? true : false>,
];
