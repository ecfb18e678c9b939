/** What a notification is about; each person chooses per kind whether it also comes by e-mail. */
export const NOTIFICATION_KINDS = [
  'signoff_decided',
  'practice_asked',
  'hours_verified',
  'hours_returned',
  'certificate_issued',
  'certificate_awaiting',
  'drill_reminder',
  'wellbeing_checkin',
  'debrief_asked',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
