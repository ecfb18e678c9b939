/** UI strings of a program's reporting rules (coordinator form, box in a module); spread into en.ts. */
export const reportingEn = {
  'rules.link': 'Reporting rules',
  'rules.title': 'Reporting rules',
  'rules.lead':
    'Volunteers see these rules in the module "When you must share". Write what your program requires: who reports suspected abuse or neglect, to whom, and how fast. Check them with your legal counsel; the law differs by state.',
  'rules.state': 'State whose reporting law applies',
  'rules.stateNone': 'Not set',
  'rules.route': 'Reporting route, in your program’s words',
  'rules.routeHint':
    'For example: who is a mandated reporter in your program, the hotline to call, whether the supervisor joins the call, and the time limit.',
  'rules.save': 'Save the rules',
  'rules.saved': 'Saved. Volunteers see the new rules the next time they open the module.',
  'rules.updated': 'Last changed {date}',
  'rules.boxTitle': 'Your program’s rules: {program}',
  'rules.boxState': 'State: {state}. The reporting law of this state applies.',
  'rules.boxEmpty':
    'Your program has not written its reporting rules here yet. Ask your supervisor before your first shift: are you a mandated reporter, and how do you report?',
  'rules.boxNone':
    'You are not a volunteer in a program yet, so no program rules can be shown. Ask your supervisor how reporting works where you volunteer.',
} as const;
