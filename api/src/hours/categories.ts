/**
 * The ledger's categories and the default quotas, as fixed by the pathways contract (issue 8). The pathway
 * definitions declare the same identifiers with labels; these constants are the fallback when no pathway
 * is loaded.
 */
export const PRACTICE_CATEGORIES = [
  'one-to-one',
  'group',
  'crisis-line',
  'outreach',
  'co-facilitation',
] as const;
export const CE_CATEGORIES = ['peer-specific', 'ethics', 'elective'] as const;

/** Pennsylvania's CPS renewal: 36 CE hours every two years, 24 peer-specific, 3 ethics, 9 elective. */
export const DEFAULT_CE_QUOTAS: Record<string, number> = {
  'peer-specific': 24,
  ethics: 3,
  elective: 9,
};
/** Maine's IPS route: 72 supervised practice hours before the full certificate. */
export const DEFAULT_PRACTICE_TARGET = 72;
export const DEFAULT_PRACTICE_QUOTAS: Record<string, number> = {};
