/** UI strings of evening reminders: the schedule on /me, push on this device, "not tonight" (English). */
export const remindersEn = {
  'remind.title': 'Evening reminders',
  'remind.lead':
    'Choose the evenings and the time you study. We send one short reminder then, saying what is next for you: by e-mail, and on this device too if you allow it.',
  'remind.days': 'Evenings',
  'remind.day.mon': 'Monday',
  'remind.day.tue': 'Tuesday',
  'remind.day.wed': 'Wednesday',
  'remind.day.thu': 'Thursday',
  'remind.day.fri': 'Friday',
  'remind.day.sat': 'Saturday',
  'remind.day.sun': 'Sunday',
  'remind.time': 'Time',
  'remind.timeZone': 'Time zone',
  'remind.timeZoneHint':
    'As the IANA names it, for example America/New_York. Your browser’s is filled in.',
  'remind.save': 'Save reminders',
  'remind.saved': 'Saved. Reminders come on the evenings you chose.',
  'remind.off': 'No evening chosen: reminders are off.',
  'remind.offHint': 'To turn reminders off, untick every evening and save.',
  'remind.pushTitle': 'On this device',
  'remind.pushOn': 'Turn on notifications here',
  'remind.pushOff': 'Stop notifications here',
  'remind.pushEnabled': 'This device shows your reminders as notifications.',
  'remind.pushDevices':
    '{n, plural, =0 {No device gets notifications yet.} one {# device gets notifications.} other {# devices get notifications.}}',
  'remind.pushDenied':
    'Notifications are blocked for Kindred in this browser. You can allow them in the browser’s site settings; until then reminders come by e-mail.',
  'remind.pushUnsupported':
    'This browser cannot show notifications from Kindred (some need the app installed, or a secure https address). Reminders come by e-mail.',
  'remind.pushServerOff':
    'This Kindred server does not send notifications; reminders come by e-mail.',
  'remind.pushFailed': 'Notifications could not be turned on here. Reminders still come by e-mail.',
  'remind.notTonight': 'Not tonight',
  'remind.skipDay': 'Skip the reminder on {day}',
  'remind.skipping': 'No reminder on {day}. The evening after, it comes as usual.',
  'remind.skipLead': 'Reminders are on for {days} at {time}.',
} as const;
