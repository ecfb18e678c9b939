/** UI strings of the offline app: install, keeping courses on the phone, the offline page (English). */
export const offlineEn = {
  'offline.title': 'You’re offline',
  'offline.lead':
    'There is no connection right now. Nothing is lost: here is what you can do until the signal returns.',
  'offline.keptHeading': 'Read what you kept on this phone',
  'offline.keptNone':
    'Nothing is kept on this phone yet. Next time you are online, open a course and tap “Keep on this phone”.',
  'offline.breathe':
    'Or take a break: stand up, drink some water, breathe out slowly. The course will be here later.',
  'offline.retry': 'Try again',
  'offline.supportHeading': 'If you need to talk to someone now',
  'install.title': 'Install Kindred',
  'install.lead':
    'Put Kindred on your home screen: it opens like an app, and the courses you keep work without a signal.',
  'install.button': 'Install',
  'install.dismiss': 'Not now',
  'keep.heading': 'On this phone',
  'keep.lead':
    'Keep this course on your phone to read its modules and play its drills on the bus or without a signal. Only you see it; signing out removes it.',
  'keep.button': 'Keep on this phone',
  'keep.keeping': 'Keeping… this can take a minute',
  'keep.kept': 'Kept on this phone · {size}',
  'keep.remove': 'Remove from this phone',
  'keep.removed': 'Removed from this phone.',
  'keep.failed': 'Could not keep the course: {reason}. Try again when the connection is better.',
  'keep.unavailable': 'This browser cannot keep courses for offline reading.',
  'queue.saved':
    'No signal: your answers are saved on this phone. They will be graded when the signal returns; nothing is graded on the phone.',
  'queue.failed': 'Could not save your answers on this phone. Try again when the signal returns.',
  'queue.synced': 'Your answers from offline were graded.',
  'queue.seeResult': 'See the result of “{title}”',
  'queue.seeResultShort': 'See the result',
  'queue.signedOut': 'Answers saved on this phone wait until you sign in again.',
  'queue.fromOffline': 'Graded when the signal returned.',
  'drillOffline.note':
    'No signal, so you are playing from this phone. Your choices are saved on this phone; the feedback and debrief come when you’re back online.',
  'drillOffline.endedTitle': 'You reached the end of the drill',
  'drillOffline.ended':
    'Well done for staying with it. Your choices are saved on this phone; the feedback and debrief come when you’re back online.',
  'drillOffline.notKept':
    'This drill is not kept on this phone. Next time you are online, keep its course (“Keep on this phone”) to play it without a signal.',
  'drillOffline.failed':
    'Could not save that choice on this phone. Try again, or come back when the signal returns.',
  'drillOffline.again': 'Play it again',
  'drillOffline.backToDrill': 'Back to the drill',
  'queue.drillsSynced': 'Your choices from the offline drill were scored.',
  'queue.seeDebrief': 'See the debrief of “{title}”',
  'queue.seeDebriefShort': 'See the debrief',
  'queue.goOnDrill': 'Go on with “{title}”',
  'queue.goOnDrillShort': 'Go on with the drill',
} as const;
