/** The four answers a volunteer can give after a module or a drill. */
export const FEEDBACK_CHOICES = ['clear', 'too_hard', 'upsetting', 'not_useful'] as const;
export type FeedbackChoice = (typeof FEEDBACK_CHOICES)[number];

/** The answers that flag a module when their share rises after an edit. */
export const WATCHED: FeedbackChoice[] = ['upsetting', 'too_hard'];

/**
 * Fewest answers a version needs before its shares are compared: below it one person's answer moves the
 * share by 20 points or more, which is noise, not a signal.
 */
export const MIN_RESPONSES_TO_COMPARE = 5;

export type Counts = Record<FeedbackChoice, number>;

export const total = (c: Counts) => FEEDBACK_CHOICES.reduce((n, k) => n + c[k], 0);

/**
 * The watched answers whose share is higher in the latest version than in the one before it (versions
 * oldest first, only those with answers). Both need `minResponses` answers (MIN_RESPONSES_TO_COMPARE,
 * or the suppression threshold when that is higher: a version withheld is never compared).
 */
export function risenAfterEdit(
  versions: Counts[],
  minResponses = MIN_RESPONSES_TO_COMPARE,
): FeedbackChoice[] {
  if (versions.length < 2) return [];
  const latest = versions[versions.length - 1];
  const previous = versions[versions.length - 2];
  const nLatest = total(latest);
  const nPrevious = total(previous);
  if (nLatest < minResponses || nPrevious < minResponses) return [];
  return WATCHED.filter((k) => latest[k] / nLatest > previous[k] / nPrevious);
}
