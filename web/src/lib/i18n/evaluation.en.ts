/** UI strings of the coordinators' program evaluation page (/admin/evaluation); spread into en.ts. */
export const evaluationEn = {
  'nav.evaluation': 'Evaluation',
  'ev.link': 'Program evaluation',
  'ev.title': 'Program evaluation',
  'ev.lead':
    'How people move through your programs, from the invitation to the certificate, whether they keep coming back, how fast supervisors sign off, and the practice hours verified — over the last {n} months, for the volunteers of your programs. No person is named.',
  'ev.rule':
    'A figure drawn from fewer than {n} people is not shown (it reads “fewer than {n}”), so nobody can be picked out. A count of none is shown.',
  'ev.withheld': 'fewer than {n}',
  'ev.howTitle': 'How this is worked out',
  'ev.chartNote': 'The chart draws the table below it.',
  'ev.csv': 'Download as CSV',
  'ev.month': 'Month',
  'ev.funnel': 'From invitation to certificate',
  'ev.funnelHow':
    'Everyone invited to be a volunteer of your programs (someone added without an invitation counts as invited and signed in the day they joined). Signed in: accepted the invitation and set a password. Enrolled: enrolled in a course (finishing a knowledge check enrolls too). First module: finished a module of any course. Course done: finished every module of a course. Drill passed: passed a practice drill. Signed off: a supervisor signed off one of their competencies. Pathway complete: reached the pathway’s last stage (current, or renewed since). Certified: holds a certificate from your program. Renewed: a newer certificate replaced their first. A person counts at a step once they reached it and every step before it. Median days: from the step before to this one, over the people who reached it (half took less, half more); negative when most did this step before the one listed ahead of it. Stopped here: reached this step, not the next.',
  'ev.funnelDiff':
    'A hidden “stopped here” can sometimes be worked out from the two steps around it: that tells how many, never who.',
  'ev.step.invited': 'Invited',
  'ev.step.signed_in': 'Signed in',
  'ev.step.first_module': 'First module',
  'ev.step.pathway_complete': 'Pathway complete',
  'ev.step.enrolled': 'Enrolled',
  'ev.step.course_done': 'Course done',
  'ev.step.drill_passed': 'Drill passed',
  'ev.step.signed_off': 'Signed off',
  'ev.step.renewed': 'Renewed',
  'ev.step.certified': 'Certified',
  'ev.colStep': 'Step',
  'ev.colReached': 'People',
  'ev.colShare': 'of invited',
  'ev.colMedianDays': 'Median days',
  'ev.colStopped': 'Stopped here',
  'ev.cohorts': 'Per month invited',
  'ev.cohortsHow':
    'The same steps for the people invited in each month (months with nobody invited are left out).',
  'ev.noCohorts': 'Nobody was invited in these months.',
  'ev.retention': 'Who keeps coming back',
  'ev.retentionHow':
    'A volunteer is active in a month with any learning or practice in it: a module finished, a knowledge check, a drill started, or practice hours worked. For each month after joining (0 is the month they signed in), the share of volunteers that far in who were active, over every joining month with at least {n} people.',
  'ev.colMonthsAfter': 'Months after joining',
  'ev.colPeople': 'Volunteers',
  'ev.colActive': 'Active',
  'ev.monthsAfter': '{n, plural, =0 {Joining month} one {# month after} other {# months after}}',
  'ev.retentionCohorts': 'Per joining month',
  'ev.noRetention':
    'No month of these twelve has {n} or more volunteers who joined in it yet, so there is no share to show.',
  'ev.noTurnaround': 'No sign-off was decided in these months.',
  'ev.turnaround': 'Sign-off turnaround',
  'ev.turnaroundHow':
    'Hours from a volunteer’s sign-off request to the supervisor’s decision, per month of the decision. Median: half were decided faster. 90th percentile: 9 in 10 were decided faster (between two requests, the value in between, as PostgreSQL’s percentile_cont). A month is shown when its decisions concern at least {n} volunteers.',
  'ev.colDecided': 'Decisions',
  'ev.colMedianHours': 'Median hours',
  'ev.colP90Hours': '90th percentile hours',
  'ev.allMonths': 'All months',
  'ev.hours': 'Verified practice hours',
  'ev.hoursHow':
    'Practice hours a supervisor verified, by the month they were worked (hours waiting for review or returned are not counted). A month is shown when at least {n} volunteers logged them.',
  'ev.colEntries': 'Entries',
  'ev.colHours': 'Hours',
  'ev.legendMedian': 'median',
  'ev.legendP90': '90th percentile',
} as const;
