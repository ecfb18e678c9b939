/** UI strings of the volunteer's evening (start here, reading, the error page) in English; spread into en.ts. */
export const eveningEn = {
  'nav.drills': 'Practice drills',
  'nav.skills': 'My skills map',
  'nav.pathway': 'My pathway',
  'learn.tonight': 'Tonight',
  'learn.startHere': 'Start here',
  'learn.startHereLead':
    'New to Kindred? Begin with “{course}”: it comes first on your pathway, one short module at a time.',
  'learn.tonightWhere': '{course}, module {n} of {count}',
  'learn.countsToward': 'Counts toward: {what}',
  'learn.readSoFar': 'Read so far',
  'learn.readPercent': '{percent}% read',
  'share.label': 'Link to send an employer',
  'share.copy': 'Copy link',
  'share.share': 'Share…',
  'share.copied': 'Link copied.',
  'share.selectToCopy': 'Select the link and copy it.',
  'error.title': 'Something went wrong',
  'error.notFound': 'There is nothing at this address',
  'error.forbidden': 'This page is not open to you',
  'error.lead.404':
    'The page may have moved, or the link was mistyped. Nothing you had saved is lost.',
  'error.lead.403':
    'Your account does not have access to this page. Nothing you had saved is lost.',
  'error.lead.other':
    'Kindred could not show this page just now. Nothing you had saved is lost; please try again in a moment.',
  'error.what': 'What happened: {message} (error {status})',
  'error.home': 'Go to my start page',
  'error.homeAnon': 'Go to the Kindred home page',
  'error.support':
    'If you are in a hard moment right now, you do not have to wait for this page: call or text 988, or see who to reach.',
  'error.supportLink': 'Support right now',
} as const;
