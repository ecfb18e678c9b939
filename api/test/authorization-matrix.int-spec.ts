import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createTestApp,
  lastAccountMail,
  lastMail,
  uniqueEmail,
  type Agent,
  type TestApp,
} from './support/app.js';
import { DEMO_PASSWORD } from '../src/seed/seed.js';
import { otherProgram, person, signInFrom } from './support/security.js';

/**
 * Every route of the running app × every kind of caller → allowed or refused.
 *
 * The routes come from the Express router the app really serves, so a route added without a row here fails
 * the first test. Refusals are explicit: 401 when nobody is signed in, 403 when the role (or the organization,
 * or the cohort) does not give access, 404 where the API hides that a thing exists from those who may not see
 * it (someone else's attempt, a hidden certificate, a session one does not take part in). Allowed means "got
 * past authorization": any status but 401 and 403 (a 400 or 409 from the work itself is fine here; the
 * feature tests check the work).
 */

const WHO = [
  'anonymous',
  'volunteer',
  'volunteerOtherCohort',
  'volunteerOtherOrg',
  'supervisor',
  'supervisorOtherCohort',
  'coordinator',
  'coordinatorOtherOrg',
  'staff',
] as const;
type Who = (typeof WHO)[number];
type Outcome = 'allow' | 401 | 403 | 404;

interface Fixtures {
  orgId: string;
  otherOrgId: string;
  volunteerId: string;
  certificateId: string;
  hiddenCertificateId: string;
  statusCertificateId: string;
  signedCredential: object;
  statusListId: string;
  apiClientId: string;
  signoffRequestId: string;
  drillSessionId: string;
  drillAttemptId: string;
  moduleId: string;
  inviteToken: string;
  loginEmail: string;
  notificationId: string;
}

interface Call {
  path: string;
  body?: object;
}
interface Rule {
  call: (f: Fixtures) => Call;
  expect: Record<Who, Outcome>;
  /** Sign in anew for this call (it ends or replaces the session). */
  fresh?: boolean;
}

const ALL_SIGNED_IN = WHO.filter((w) => w !== 'anonymous');
const VOLUNTEERS: Who[] = ['volunteer', 'volunteerOtherCohort', 'volunteerOtherOrg'];
const SUPERVISORS: Who[] = ['supervisor', 'supervisorOtherCohort'];
const COORDINATORS: Who[] = ['coordinator', 'coordinatorOtherOrg'];

/** Anyone, signed in or not. */
const open = (call: Rule['call'], extra: Partial<Rule> = {}): Rule => ({
  call,
  expect: Object.fromEntries(WHO.map((w) => [w, 'allow'])) as Rule['expect'],
  ...extra,
});
/** Those listed; other signed-in people 403, anonymous 401; `refused` overrides single callers (e.g. 404, 403). */
const only = (
  allowed: Who[],
  call: Rule['call'],
  refused: Partial<Record<Who, Outcome>> = {},
): Rule => ({
  call,
  expect: {
    ...(Object.fromEntries(
      WHO.map((w) => [w, w === 'anonymous' ? 401 : allowed.includes(w) ? 'allow' : 403]),
    ) as Rule['expect']),
    ...refused,
  },
});
const signedIn = (call: Rule['call'], refused: Partial<Record<Who, Outcome>> = {}) =>
  only(ALL_SIGNED_IN, call, refused);
/** The same outcome for every signed-in caller but those given. */
const each = (
  outcome: Outcome,
  except: Partial<Record<Who, Outcome>>,
): Partial<Record<Who, Outcome>> => ({
  ...Object.fromEntries(ALL_SIGNED_IN.map((w) => [w, outcome])),
  ...except,
});

const NO_SUCH = '00000000-0000-4000-8000-000000000000';
const scheduledDrill = (f: Fixtures) => ({
  organizationId: f.orgId,
  drillId: 'deesc-bus-stop-01',
  kind: 'tabletop',
  title: 'Matrix tabletop',
  startsAt: new Date(Date.now() + 72 * 3_600_000).toISOString(),
  minutes: 60,
  place: 'Room 1',
  injects: [{ minute: 5, text: 'Something happens.' }],
  participants: [{ userId: f.volunteerId, role: 'caller' }],
});

const TABLE: Record<string, Rule> = {
  // ── health and self-description ──
  'GET /api/health': open(() => ({ path: '/api/health' })),
  'GET /api/health/live': open(() => ({ path: '/api/health/live' })),
  'GET /api/health/ready': open(() => ({ path: '/api/health/ready' })),
  'GET /api/docs': open(() => ({ path: '/api/docs' })),
  'GET /api/openapi-swagger.json': open(() => ({ path: '/api/openapi-swagger.json' })),
  'GET /api/docs/': open(() => ({ path: '/api/docs/' })),
  'GET /api/docs/index.html': open(() => ({ path: '/api/docs/index.html' })),
  'GET /api/docs/swagger-ui-init.js': open(() => ({ path: '/api/docs/swagger-ui-init.js' })),
  'GET /api/docs/docs/swagger-ui-init.js': open(() => ({
    path: '/api/docs/docs/swagger-ui-init.js',
  })),
  'GET /api/docs/LICENSE': open(() => ({ path: '/api/docs/LICENSE' })),
  'GET /api/docs-yaml': open(() => ({ path: '/api/docs-yaml' })),

  // ── auth ──
  'POST /api/auth/login': open(
    (f) => ({ path: '/api/auth/login', body: { email: f.loginEmail, password: DEMO_PASSWORD } }),
    { fresh: true },
  ),
  'POST /api/auth/logout': open(() => ({ path: '/api/auth/logout' }), { fresh: true }),
  'GET /api/auth/session': open(() => ({ path: '/api/auth/session' })),
  'PUT /api/auth/locale': signedIn(() => ({ path: '/api/auth/locale', body: { locale: 'en' } })),
  'GET /api/auth/password-reset': open(() => ({ path: '/api/auth/password-reset' })),
  'POST /api/auth/password-reset': open(() => ({
    path: '/api/auth/password-reset',
    body: { email: 'nobody@example.org' },
  })),
  'POST /api/auth/password-reset/:token': open(() => ({
    path: '/api/auth/password-reset/not-a-real-token',
    body: { password: 'a-new-long-password' },
  })),

  // ── invites ──
  'POST /api/invites': only(
    ['coordinator', 'coordinatorOtherOrg'],
    (f) => ({
      path: '/api/invites',
      body: {
        email: uniqueEmail('matrix-invite'),
        name: 'Invitee',
        role: 'volunteer',
        organizationId: f.orgId,
      },
    }),
    { coordinatorOtherOrg: 403 },
  ),
  'GET /api/invites': only(COORDINATORS, () => ({ path: '/api/invites' })),
  'GET /api/invites/:token': open((f) => ({ path: `/api/invites/${f.inviteToken}` })),
  'POST /api/invites/:token/accept': open(() => ({
    path: '/api/invites/not-a-real-token/accept',
    body: { password: 'a-new-long-password', name: 'X' },
  })),
  'POST /api/invites/:token/join': signedIn(() => ({ path: '/api/invites/not-a-real-token/join' })),

  // ── organizations, audit, outbox ──
  'GET /api/organizations/:id/members': only(
    COORDINATORS,
    (f) => ({ path: `/api/organizations/${f.orgId}/members` }),
    { coordinatorOtherOrg: 403 },
  ),
  'GET /api/organizations/:id/reporting-rules': only(
    COORDINATORS,
    (f) => ({ path: `/api/organizations/${f.orgId}/reporting-rules` }),
    { coordinatorOtherOrg: 403 },
  ),
  'PUT /api/organizations/:id/reporting-rules': only(
    COORDINATORS,
    (f) => ({ path: `/api/organizations/${f.orgId}/reporting-rules`, body: {} }),
    { coordinatorOtherOrg: 403 },
  ),
  'GET /api/audit/verify': only(COORDINATORS, () => ({ path: '/api/audit/verify' })),
  'GET /api/outbox': only(COORDINATORS, () => ({ path: '/api/outbox' })),
  'GET /api/outbox/:id/attachments/:attachmentId': only(COORDINATORS, () => ({
    path: `/api/outbox/${NO_SUCH}/attachments/${NO_SUCH}`,
  })),

  // ── cohorts and the program ──
  'GET /api/cohorts/assignments': only(COORDINATORS, () => ({ path: '/api/cohorts/assignments' })),
  'POST /api/cohorts/assignments': only(
    COORDINATORS,
    (f) => ({
      path: '/api/cohorts/assignments',
      body: {
        organizationId: f.orgId,
        supervisorId: SUPERVISOR_ID.value,
        volunteerId: f.volunteerId,
      },
    }),
    {
      coordinatorOtherOrg: 403,
    },
  ),
  'GET /api/program/competencies': only(COORDINATORS, () => ({
    path: '/api/program/competencies',
  })),

  // ── competencies ──
  'GET /api/frameworks/:frameworkId': open(() => ({
    path: '/api/frameworks/kindred-peer-support',
  })),
  'GET /api/frameworks/:frameworkId/items/:code': open(() => ({
    path: '/api/frameworks/kindred-peer-support/items/PEER.1',
  })),
  'GET /api/frameworks/:frameworkId/:lang': open(() => ({
    path: '/api/frameworks/kindred-peer-support/es',
  })),
  'GET /api/frameworks/:frameworkId/:lang/items/:code': open(() => ({
    path: '/api/frameworks/kindred-peer-support/es/items/PEER.1',
  })),
  'GET /api/competencies/:id': open(() => ({ path: '/api/competencies/PEER.1' })),
  'GET /api/me/competencies': only(VOLUNTEERS, () => ({ path: '/api/me/competencies' })),
  'GET /api/me/supervision': only(VOLUNTEERS, () => ({ path: '/api/me/supervision' })),
  'POST /api/me/competencies/:id/signoff-requests': only(VOLUNTEERS, () => ({
    path: '/api/me/competencies/PEER.2/signoff-requests',
    body: {},
  })),

  // ── wellbeing: a check-in's answers are the volunteer's own; supervisors see only debrief requests ──
  'GET /api/me/wellbeing': only(VOLUNTEERS, () => ({ path: '/api/me/wellbeing' })),
  'PUT /api/me/wellbeing/rest-week': only(VOLUNTEERS, () => ({
    path: '/api/me/wellbeing/rest-week',
    body: { startsOn: 'not-a-date' },
  })),
  'DELETE /api/me/wellbeing/rest-week': only(VOLUNTEERS, () => ({
    path: '/api/me/wellbeing/rest-week',
  })),
  'GET /api/me/reminders': only(VOLUNTEERS, () => ({ path: '/api/me/reminders' })),
  'PUT /api/me/reminders': only(VOLUNTEERS, () => ({
    path: '/api/me/reminders',
    body: { days: ['mon'], time: '99:99', timeZone: 'UTC' },
  })),
  'POST /api/me/reminders/snooze': only(VOLUNTEERS, () => ({ path: '/api/me/reminders/snooze' })),
  'POST /api/me/push-subscriptions': only(VOLUNTEERS, () => ({
    path: '/api/me/push-subscriptions',
    body: { endpoint: 'not a url' },
  })),
  'DELETE /api/me/push-subscriptions': only(VOLUNTEERS, () => ({
    path: '/api/me/push-subscriptions',
    body: { endpoint: 'https://push.example/none' },
  })),
  'POST /api/me/wellbeing/check-ins': only(VOLUNTEERS, () => ({
    path: '/api/me/wellbeing/check-ins',
    body: {},
  })),
  'GET /api/supervision/debriefs': only(SUPERVISORS, () => ({ path: '/api/supervision/debriefs' })),
  'GET /api/program/wellbeing': only(COORDINATORS, () => ({ path: '/api/program/wellbeing' })),
  'POST /api/supervision/debriefs/:id/held': only(SUPERVISORS, () => ({
    path: `/api/supervision/debriefs/${NO_SUCH}/held`,
    body: {},
  })),

  // ── the network map: public figures for anyone; a volunteer's own reach; the coordinator's own program ──
  'GET /api/network': open(() => ({ path: '/api/network' })),
  'GET /api/me/reach': only(VOLUNTEERS, () => ({ path: '/api/me/reach' })),
  'PUT /api/me/reach': only(
    VOLUNTEERS,
    (f) => ({
      path: '/api/me/reach',
      body: { organizationId: f.orgId, areas: ['NO-SUCH-AREA'], languages: [], public: false },
    }),
    { volunteerOtherOrg: 403 },
  ),
  'GET /api/program/network': only(
    COORDINATORS,
    (f) => ({ path: `/api/program/network?organizationId=${f.orgId}` }),
    { coordinatorOtherOrg: 403 },
  ),
  'GET /api/program/network/gaps.csv': only(
    COORDINATORS,
    (f) => ({ path: `/api/program/network/gaps.csv?organizationId=${f.orgId}` }),
    { coordinatorOtherOrg: 403 },
  ),
  'PUT /api/program/network': only(
    COORDINATORS,
    (f) => ({
      path: '/api/program/network',
      // not JSON: the coordinator's call is refused as a bad file (422), so the matrix never replaces a map
      body: { organizationId: f.orgId, geojson: 'not json', geojsonName: 'matrix.geojson' },
    }),
    { coordinatorOtherOrg: 403 },
  ),

  // ── supervision: a supervisor's own cohort only; notes private to the supervisor and the volunteer ──
  'GET /api/supervision/queue': only(SUPERVISORS, () => ({ path: '/api/supervision/queue' })),
  'GET /api/supervision/cohort': only(SUPERVISORS, () => ({ path: '/api/supervision/cohort' })),
  'GET /api/supervision/cohort.csv': only(SUPERVISORS, () => ({
    path: '/api/supervision/cohort.csv',
  })),
  'GET /api/supervision/requests/:id': only(
    SUPERVISORS,
    (f) => ({ path: `/api/supervision/requests/${f.signoffRequestId}` }),
    { supervisorOtherCohort: 403 },
  ),
  'POST /api/supervision/requests/:id/decision': only(
    SUPERVISORS,
    (f) => ({
      path: `/api/supervision/requests/${f.signoffRequestId}/decision`,
      body: {
        decision: 'practice',
        level: 'developing',
        scores: RUBRIC.value,
        comment: 'Matrix',
        practice: 'More',
      },
    }),
    { supervisorOtherCohort: 403 },
  ),
  'POST /api/supervision/sessions': only(
    SUPERVISORS,
    (f) => ({
      path: '/api/supervision/sessions',
      body: {
        volunteerId: f.volunteerId,
        kind: 'session',
        heldOn: '2026-01-31',
        topics: ['matrix'],
        wellbeing: 4,
        privateNotes: 'private',
      },
    }),
    { supervisorOtherCohort: 403 },
  ),
  'GET /api/supervision/volunteers/:volunteerId/sessions': only(
    [
      'volunteer',
      'volunteerOtherCohort',
      'volunteerOtherOrg',
      'supervisor',
      'supervisorOtherCohort',
    ],
    (f) => ({
      path: `/api/supervision/volunteers/${f.volunteerId}/sessions`,
    }),
    { volunteerOtherCohort: 403, volunteerOtherOrg: 403, supervisorOtherCohort: 403 },
  ),
  'GET /api/supervision/volunteers/:volunteerId/evidence': only(
    SUPERVISORS,
    (f) => ({ path: `/api/supervision/volunteers/${f.volunteerId}/evidence` }),
    { supervisorOtherCohort: 403 },
  ),

  // ── courses (volunteers) ──
  'GET /api/content/translations': only(COORDINATORS, () => ({
    path: '/api/content/translations',
  })),
  'GET /api/courses': only(VOLUNTEERS, () => ({ path: '/api/courses' })),
  'GET /api/courses/:slug': only(VOLUNTEERS, () => ({ path: '/api/courses/peer-roles' })),
  'POST /api/courses/:slug/enrollment': only(VOLUNTEERS, () => ({
    path: '/api/courses/peer-roles/enrollment',
    body: {},
  })),
  'GET /api/courses/:slug/self-rating': only(VOLUNTEERS, () => ({
    path: '/api/courses/peer-roles/self-rating',
  })),
  'POST /api/courses/:slug/self-rating': only(VOLUNTEERS, () => ({
    path: '/api/courses/peer-roles/self-rating',
    body: { phase: 'end', ratings: [] },
  })),
  'GET /api/learning': only(VOLUNTEERS, () => ({ path: '/api/learning' })),
  'GET /api/modules/:id': only(VOLUNTEERS, (f) => ({ path: `/api/modules/${f.moduleId}` })),
  'PUT /api/modules/:id/progress': only(VOLUNTEERS, (f) => ({
    path: `/api/modules/${f.moduleId}/progress`,
    body: { position: 'matrix' },
  })),
  'GET /api/modules/:id/quiz': only(VOLUNTEERS, (f) => ({
    path: `/api/modules/${f.moduleId}/quiz`,
  })),
  'PUT /api/modules/:id/quiz/answers': only(VOLUNTEERS, (f) => ({
    path: `/api/modules/${f.moduleId}/quiz/answers`,
    body: { answers: {} },
  })),
  'POST /api/modules/:id/attempts': only(VOLUNTEERS, (f) => ({
    path: `/api/modules/${f.moduleId}/attempts`,
    body: { answers: {} },
  })),
  'GET /api/modules/:id/feedback': only(VOLUNTEERS, (f) => ({
    path: `/api/modules/${f.moduleId}/feedback`,
  })),
  // an invalid choice: past authorization it is refused (400), so the matrix leaves no answer behind
  'POST /api/modules/:id/feedback': only(VOLUNTEERS, (f) => ({
    path: `/api/modules/${f.moduleId}/feedback`,
    body: { choice: 'matrix' },
  })),
  // feedback is read by coordinators only, and never with a person's name (test/feedback.int-spec.ts)
  'GET /api/feedback': only(COORDINATORS, () => ({ path: '/api/feedback' })),
  'GET /api/feedback.csv': only(COORDINATORS, () => ({ path: '/api/feedback.csv' })),
  'GET /api/item-analysis': only(COORDINATORS, () => ({ path: '/api/item-analysis' })),
  'GET /api/item-analysis.csv': only(COORDINATORS, () => ({ path: '/api/item-analysis.csv' })),
  'GET /api/drill-analysis': only(COORDINATORS, () => ({ path: '/api/drill-analysis' })),
  'GET /api/drill-analysis/nodes.csv': only(COORDINATORS, () => ({
    path: '/api/drill-analysis/nodes.csv',
  })),
  'GET /api/drill-analysis/outcomes.csv': only(COORDINATORS, () => ({
    path: '/api/drill-analysis/outcomes.csv',
  })),
  // program evaluation: aggregates of the coordinator's own organizations (test/evaluation.int-spec.ts)
  'GET /api/evaluation': only(COORDINATORS, () => ({ path: '/api/evaluation' })),
  'GET /api/evaluation/learning.csv': only(COORDINATORS, () => ({
    path: '/api/evaluation/learning.csv',
  })),
  'GET /api/evaluation/funnel.csv': only(COORDINATORS, () => ({
    path: '/api/evaluation/funnel.csv',
  })),
  'GET /api/evaluation/retention.csv': only(COORDINATORS, () => ({
    path: '/api/evaluation/retention.csv',
  })),
  'GET /api/evaluation/turnaround.csv': only(COORDINATORS, () => ({
    path: '/api/evaluation/turnaround.csv',
  })),
  'GET /api/evaluation/hours.csv': only(COORDINATORS, () => ({
    path: '/api/evaluation/hours.csv',
  })),

  // ── drills: attempts are their owner's; others are told they do not exist ──
  'GET /api/drills': only([...VOLUNTEERS, ...SUPERVISORS, ...COORDINATORS], () => ({
    path: '/api/drills',
  })),
  'GET /api/drills/:drillId': only(VOLUNTEERS, () => ({ path: '/api/drills/deesc-bus-stop-01' })),
  'GET /api/drills/:drillId/offline': only(VOLUNTEERS, () => ({
    path: '/api/drills/deesc-bus-stop-01/offline',
  })),
  'POST /api/drills/:drillId/attempts': only(VOLUNTEERS, () => ({
    path: '/api/drills/deesc-bus-stop-01/attempts',
    body: {},
  })),
  'GET /api/drill-attempts/:id': only(
    VOLUNTEERS,
    (f) => ({ path: `/api/drill-attempts/${f.drillAttemptId}` }),
    { volunteerOtherCohort: 404, volunteerOtherOrg: 404 },
  ),
  'POST /api/drill-attempts/:id/choices': only(
    VOLUNTEERS,
    (f) => ({ path: `/api/drill-attempts/${f.drillAttemptId}/choices`, body: { choice: 0 } }),
    {
      volunteerOtherCohort: 404,
      volunteerOtherOrg: 404,
    },
  ),
  'GET /api/drill-attempts/:id/debrief': only(
    VOLUNTEERS,
    (f) => ({ path: `/api/drill-attempts/${f.drillAttemptId}/debrief` }),
    { volunteerOtherCohort: 404, volunteerOtherOrg: 404 },
  ),
  'PUT /api/drill-attempts/:id/reflection': only(
    VOLUNTEERS,
    (f) => ({
      path: `/api/drill-attempts/${f.drillAttemptId}/reflection`,
      body: { reflection: 'matrix' },
    }),
    {
      volunteerOtherCohort: 404,
      volunteerOtherOrg: 404,
    },
  ),
  'GET /api/drill-attempts/:id/feedback': only(
    VOLUNTEERS,
    (f) => ({ path: `/api/drill-attempts/${f.drillAttemptId}/feedback` }),
    { volunteerOtherCohort: 404, volunteerOtherOrg: 404 },
  ),
  'POST /api/drill-attempts/:id/feedback': only(
    VOLUNTEERS,
    (f) => ({
      path: `/api/drill-attempts/${f.drillAttemptId}/feedback`,
      body: { choice: 'clear' },
    }),
    { volunteerOtherCohort: 404, volunteerOtherOrg: 404 },
  ),
  'GET /api/drill-reviews': only(SUPERVISORS, () => ({ path: '/api/drill-reviews' })),
  'POST /api/drill-reviews/:id/close': only(SUPERVISORS, () => ({
    path: `/api/drill-reviews/${NO_SUCH}/close`,
  })),

  // ── group drill sessions: an organization's event: those taking part see it; the facilitator and the
  //    organization's staff (any of its supervisors and coordinators, whatever their cohort) run it ──
  'POST /api/drill-sessions': only(
    [...SUPERVISORS, ...COORDINATORS],
    (f) => ({ path: '/api/drill-sessions', body: scheduledDrill(f) }),
    { coordinatorOtherOrg: 403 },
  ),
  'GET /api/drill-sessions': signedIn(() => ({ path: '/api/drill-sessions' })),
  'GET /api/drill-sessions/candidates': only([...SUPERVISORS, ...COORDINATORS], () => ({
    path: '/api/drill-sessions/candidates',
  })),
  'GET /api/drill-sessions/:id': signedIn(
    (f) => ({ path: `/api/drill-sessions/${f.drillSessionId}` }),
    each(404, {
      volunteer: 'allow',
      supervisor: 'allow',
      supervisorOtherCohort: 'allow',
      coordinator: 'allow',
    }),
  ),
  'GET /api/drill-sessions/:id/calendar.ics': signedIn(
    (f) => ({ path: `/api/drill-sessions/${f.drillSessionId}/calendar.ics` }),
    each(404, {
      volunteer: 'allow',
      supervisor: 'allow',
      supervisorOtherCohort: 'allow',
      coordinator: 'allow',
    }),
  ),
  'POST /api/drill-sessions/:id/start': signedIn(
    (f) => ({ path: `/api/drill-sessions/${f.drillSessionId}/start` }),
    each(404, {
      volunteer: 403,
      supervisor: 'allow',
      supervisorOtherCohort: 'allow',
      coordinator: 'allow',
    }),
  ),
  'POST /api/drill-sessions/:id/injects/release': signedIn(
    (f) => ({ path: `/api/drill-sessions/${f.drillSessionId}/injects/release` }),
    each(404, {
      volunteer: 403,
      supervisor: 'allow',
      supervisorOtherCohort: 'allow',
      coordinator: 'allow',
    }),
  ),
  'POST /api/drill-sessions/:id/notes': signedIn(
    (f) => ({ path: `/api/drill-sessions/${f.drillSessionId}/notes`, body: { text: 'matrix' } }),
    each(404, {
      volunteer: 403,
      supervisor: 'allow',
      supervisorOtherCohort: 'allow',
      coordinator: 'allow',
    }),
  ),
  'POST /api/drill-sessions/:id/observations': signedIn(
    (f) => ({
      path: `/api/drill-sessions/${f.drillSessionId}/observations`,
      body: { participantId: f.volunteerId, attended: true, scores: [] },
    }),
    each(404, {
      volunteer: 403,
      supervisor: 'allow',
      supervisorOtherCohort: 'allow',
      coordinator: 'allow',
    }),
  ),
  'POST /api/drill-sessions/:id/debrief': signedIn(
    (f) => ({
      path: `/api/drill-sessions/${f.drillSessionId}/debrief`,
      body: { summary: 'matrix' },
    }),
    each(404, {
      volunteer: 403,
      supervisor: 'allow',
      supervisorOtherCohort: 'allow',
      coordinator: 'allow',
    }),
  ),

  // ── certificates (signed in) ──
  'GET /api/certificates/mine': signedIn(() => ({ path: '/api/certificates/mine' })),
  'GET /api/certificates/mine/progress': signedIn(() => ({
    path: '/api/certificates/mine/progress',
  })),

  // ── pathways: practice hours (a volunteer's own; verified by their own supervisor), CE ledger, stages ──
  'GET /api/practice-hours': only(VOLUNTEERS, () => ({ path: '/api/practice-hours' })),
  'POST /api/practice-hours': only(VOLUNTEERS, () => ({ path: '/api/practice-hours', body: {} })),
  'PUT /api/practice-hours/:id': only(VOLUNTEERS, () => ({
    path: `/api/practice-hours/${NO_SUCH}`,
    body: {},
  })),
  'GET /api/supervision/practice-hours': only(SUPERVISORS, () => ({
    path: '/api/supervision/practice-hours',
  })),
  'GET /api/supervision/practice-hours/export.csv': only(SUPERVISORS, () => ({
    path: '/api/supervision/practice-hours/export.csv',
  })),
  'GET /api/practice-hours/export.csv': only(VOLUNTEERS, () => ({
    path: '/api/practice-hours/export.csv',
  })),
  'POST /api/supervision/practice-hours/verify-week': only(SUPERVISORS, () => ({
    path: '/api/supervision/practice-hours/verify-week',
    body: {},
  })),
  'POST /api/supervision/practice-hours/:id/verify': only(SUPERVISORS, () => ({
    path: `/api/supervision/practice-hours/${NO_SUCH}/verify`,
    body: {},
  })),
  'POST /api/supervision/practice-hours/:id/return': only(SUPERVISORS, () => ({
    path: `/api/supervision/practice-hours/${NO_SUCH}/return`,
    body: { note: 'matrix' },
  })),
  'GET /api/ce': signedIn(() => ({ path: '/api/ce' })),
  'POST /api/ce': signedIn(() => ({ path: '/api/ce', body: {} })),
  'GET /api/ce/:id/evidence': signedIn(() => ({ path: `/api/ce/${NO_SUCH}/evidence` })),
  'GET /api/admin/ce': only(COORDINATORS, () => ({ path: '/api/admin/ce' })),
  'POST /api/admin/ce/:id/approve': only(COORDINATORS, () => ({
    path: `/api/admin/ce/${NO_SUCH}/approve`,
    body: {},
  })),
  'POST /api/admin/ce/:id/reject': only(COORDINATORS, () => ({
    path: `/api/admin/ce/${NO_SUCH}/reject`,
    body: { note: 'matrix' },
  })),
  'GET /api/me/pathway': signedIn(() => ({ path: '/api/me/pathway' })),
  // one's own notifications: everyone signed in has a list (their own); one person's item is nobody else's
  'GET /api/me/notifications': signedIn(() => ({ path: '/api/me/notifications' })),
  'GET /api/me/notifications/unread': signedIn(() => ({ path: '/api/me/notifications/unread' })),
  'POST /api/me/notifications/read': signedIn(() => ({ path: '/api/me/notifications/read' })),
  'POST /api/me/notifications/:id/read': signedIn(
    (f) => ({ path: `/api/me/notifications/${f.notificationId}/read` }),
    each(404, { volunteer: 'allow' }),
  ),
  'GET /api/me/notification-preferences': signedIn(() => ({
    path: '/api/me/notification-preferences',
  })),
  'PUT /api/me/notification-preferences': signedIn(() => ({
    path: '/api/me/notification-preferences',
    body: { email: { drill_reminder: true } },
  })),
  'GET /api/admin/pathways': only(COORDINATORS, () => ({ path: '/api/admin/pathways' })),
  'GET /api/admin/pathways/export.csv': only(COORDINATORS, () => ({
    path: '/api/admin/pathways/export.csv',
  })),
  'PUT /api/certificates/mine/:id/sharing': signedIn(
    (f) => ({ path: `/api/certificates/mine/${f.certificateId}/sharing`, body: { hidden: false } }),
    each(404, { volunteer: 'allow' }),
  ),
  // the holder alone; a wallet needs no account (the token in the URL is the capability)
  'POST /api/certificates/mine/:id/wallet-exchange': signedIn(
    (f) => ({ path: `/api/certificates/mine/${f.certificateId}/wallet-exchange` }),
    each(404, { volunteer: 'allow' }),
  ),
  'GET /api/exchanges/:token/protocols': open(() => ({
    path: `/api/exchanges/${'A'.repeat(43)}/protocols`,
  })),
  'POST /api/exchanges/:token': open(() => ({
    path: `/api/exchanges/${'A'.repeat(43)}`,
    body: {},
  })),
  'GET /api/certificates/programs': only(COORDINATORS, () => ({
    path: '/api/certificates/programs',
  })),
  'GET /api/organizations/:orgId/certificates': only(
    COORDINATORS,
    (f) => ({ path: `/api/organizations/${f.orgId}/certificates` }),
    { coordinatorOtherOrg: 403 },
  ),
  'POST /api/organizations/:orgId/certificates': only(
    COORDINATORS,
    (f) => ({
      path: `/api/organizations/${f.orgId}/certificates`,
      body: { holderUserId: f.volunteerId, program: 'foundations' },
    }),
    {
      coordinatorOtherOrg: 403,
    },
  ),
  'POST /api/certificates/:id/suspend': only(
    COORDINATORS,
    (f) => ({
      path: `/api/certificates/${f.statusCertificateId}/suspend`,
      body: { reason: 'matrix' },
    }),
    { coordinatorOtherOrg: 403 },
  ),
  'POST /api/certificates/:id/unsuspend': only(
    COORDINATORS,
    (f) => ({
      path: `/api/certificates/${f.statusCertificateId}/unsuspend`,
      body: { reason: 'matrix' },
    }),
    { coordinatorOtherOrg: 403 },
  ),
  'POST /api/certificates/:id/revoke': only(
    COORDINATORS,
    (f) => ({
      path: `/api/certificates/${f.statusCertificateId}/revoke`,
      body: { reason: 'matrix', category: 'other' },
    }),
    { coordinatorOtherOrg: 403 },
  ),
  'GET /api/certificates/pending': only(['staff'], () => ({ path: '/api/certificates/pending' })),
  'POST /api/certificates/pending/approve': only(['staff'], () => ({
    path: '/api/certificates/pending/approve',
    body: { requestIds: [NO_SUCH] },
  })),
  'POST /api/certificates/pending/decline': only(['staff'], () => ({
    path: '/api/certificates/pending/decline',
    body: { requestIds: [NO_SUCH], reason: 'matrix' },
  })),
  'GET /api/organizations/:orgId/api-clients': only(
    COORDINATORS,
    (f) => ({ path: `/api/organizations/${f.orgId}/api-clients` }),
    { coordinatorOtherOrg: 403 },
  ),
  'POST /api/organizations/:orgId/api-clients': only(
    COORDINATORS,
    (f) => ({ path: `/api/organizations/${f.orgId}/api-clients`, body: { name: 'matrix' } }),
    { coordinatorOtherOrg: 403 },
  ),
  'DELETE /api/organizations/:orgId/api-clients/:id': only(
    COORDINATORS,
    (f) => ({ path: `/api/organizations/${f.orgId}/api-clients/${f.apiClientId}` }),
    { coordinatorOtherOrg: 403 },
  ),
  'POST /api/organizations/:orgId/signing-key/rotate': only(
    COORDINATORS,
    (f) => ({ path: `/api/organizations/${f.orgId}/signing-key/rotate` }),
    { coordinatorOtherOrg: 403 },
  ),

  // ── credentials: public verification; a holder's hidden link is theirs alone; issuing needs an API client token ──
  'POST /api/credentials/issue': {
    call: () => ({ path: '/api/credentials/issue', body: { credential: {} } }),
    expect: Object.fromEntries(WHO.map((w) => [w, 401])) as Rule['expect'],
  },
  'POST /api/credentials/status': {
    call: (f) => ({
      path: '/api/credentials/status',
      body: {
        credentialId: f.certificateId,
        credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'suspension' }],
        status: true,
      },
    }),
    expect: Object.fromEntries(WHO.map((w) => [w, 401])) as Rule['expect'],
  },
  'POST /api/credentials/verify': open((f) => ({
    path: '/api/credentials/verify',
    body: { verifiableCredential: f.signedCredential },
  })),
  'POST /api/credentials/verify/bulk': open((f) => ({
    path: '/api/credentials/verify/bulk',
    body: { ids: [f.certificateId] },
  })),
  'GET /api/credentials/:id': {
    call: (f) => ({ path: `/api/credentials/${f.hiddenCertificateId}` }),
    expect: {
      ...(Object.fromEntries(WHO.map((w) => [w, 404])) as Rule['expect']),
      volunteer: 'allow',
    },
  },
  'GET /api/credentials/:id/pdf': {
    call: (f) => ({ path: `/api/credentials/${f.hiddenCertificateId}/pdf` }),
    expect: {
      ...(Object.fromEntries(WHO.map((w) => [w, 404])) as Rule['expect']),
      volunteer: 'allow',
    },
  },
  'GET /api/credentials/:id/verification': open((f) => ({
    path: `/api/credentials/${f.certificateId}/verification`,
  })),
  'POST /api/presentations/challenges': open(() => ({
    path: '/api/presentations/challenges',
    body: {},
  })),
  'POST /api/presentations/verify': open(() => ({
    path: '/api/presentations/verify',
    body: { verifiablePresentation: {} },
  })),
  'GET /api/status-lists/:id': open((f) => ({ path: `/api/status-lists/${f.statusListId}` })),
  'GET /api/issuers': open(() => ({ path: '/api/issuers' })),
};

// Values known only once the app runs, used by rows above.
const SUPERVISOR_ID = { value: '' };
const RUBRIC = { value: {} as Record<string, string> };

/** The routes the app really serves, as `METHOD path` (from the Express router stack, after Nest mounted them). */
function servedRoutes(t: TestApp): string[] {
  const express = t.app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  const out = new Set<string>();
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) {
      if (on && method !== '_all') out.add(`${method.toUpperCase()} ${layer.route.path}`);
    }
  }
  return [...out].sort();
}

let t: TestApp;
let f: Fixtures;
const agents = {} as Record<Exclude<Who, 'anonymous'>, Agent>;
const emails = {} as Record<Exclude<Who, 'anonymous'>, string>;
const IP = '198.51.100.10';

beforeAll(async () => {
  t = await createTestApp();
  const [{ id: orgId }] = await t.db.query(
    `SELECT id FROM organizations WHERE slug = 'riverside-peer-network'`,
  );
  const otherOrgId = await otherProgram(t, 'matrix-elsewhere');
  const volunteer = await person(
    t,
    'volunteer',
    'riverside-peer-network',
    'supervisor.ana@kindred.demo',
  );
  const login = await person(t, 'volunteer', 'riverside-peer-network');
  Object.assign(emails, {
    volunteer: volunteer.email,
    volunteerOtherCohort: (
      await person(t, 'volunteer', 'riverside-peer-network', 'supervisor.ben@kindred.demo')
    ).email,
    volunteerOtherOrg: (await person(t, 'volunteer', 'matrix-elsewhere')).email,
    supervisor: 'supervisor.ana@kindred.demo',
    supervisorOtherCohort: 'supervisor.ben@kindred.demo',
    coordinator: 'coordinator@kindred.demo',
    coordinatorOtherOrg: (await person(t, 'coordinator', 'matrix-elsewhere')).email,
    staff: 'staff@riverside-university.demo',
  });
  for (const who of ALL_SIGNED_IN) agents[who] = await signInFrom(t, emails[who], IP);
  const { coordinator, supervisor } = agents;
  const vol = agents.volunteer;
  SUPERVISOR_ID.value = supervisor.user.id;
  const write = (a: Agent, method: 'post' | 'put', path: string, body: object = {}) =>
    a.agent[method](path).set('x-csrf-token', a.csrf).send(body);

  const issue = async () => {
    const res = await write(coordinator, 'post', `/api/organizations/${orgId}/certificates`, {
      holderUserId: volunteer.id,
      program: 'foundations',
      reason: 'Fixture of the matrix',
    }).expect(201);
    return res.body.id as string;
  };
  const certificateId = await issue();
  const hiddenCertificateId = await issue();
  const statusCertificateId = await issue();
  await write(vol, 'put', `/api/certificates/mine/${hiddenCertificateId}/sharing`, {
    hidden: true,
  }).expect(200);
  const signedCredential = (await t.http().get(`/api/credentials/${certificateId}`).expect(200))
    .body;
  const statusListId = new URL(signedCredential.credentialStatus[0].statusListCredential).pathname
    .split('/')
    .pop()!;
  const apiClientId = (
    await write(coordinator, 'post', `/api/organizations/${orgId}/api-clients`, {
      name: 'matrix fixture',
    }).expect(201)
  ).body.id;
  const signoffRequestId = (
    await write(vol, 'post', '/api/me/competencies/PEER.1/signoff-requests').expect(201)
  ).body.id;
  const review = (
    await supervisor.agent.get(`/api/supervision/requests/${signoffRequestId}`).expect(200)
  ).body;
  RUBRIC.value = Object.fromEntries(review.rubric.map((c: { id: string }) => [c.id, 'developing']));
  const drillSessionId = (
    await write(
      supervisor,
      'post',
      '/api/drill-sessions',
      scheduledDrill({ orgId, volunteerId: volunteer.id } as Fixtures),
    ).expect(201)
  ).body.id;
  const drillAttemptId = (
    await write(vol, 'post', '/api/drills/deesc-bus-stop-01/attempts').expect(201)
  ).body.attemptId;
  const course = (await vol.agent.get('/api/courses/peer-roles').expect(200)).body;
  const moduleId = course.modules[0].id;
  const inviteEmail = uniqueEmail('matrix-invitee');
  await write(coordinator, 'post', '/api/invites', {
    email: inviteEmail,
    name: 'Invitee',
    role: 'volunteer',
    organizationId: orgId,
  }).expect(201);
  const inviteToken = (await lastMail(t.db, inviteEmail))!.link!.split('/').pop()!;
  const [notification] = await t.db.query(
    `INSERT INTO notifications (user_id, kind, title, created_at) VALUES ($1, 'signoff_decided', 'Matrix', now()) RETURNING id`,
    [volunteer.id],
  );
  f = {
    orgId,
    otherOrgId,
    volunteerId: volunteer.id,
    certificateId,
    hiddenCertificateId,
    statusCertificateId,
    signedCredential,
    statusListId,
    apiClientId,
    signoffRequestId,
    drillSessionId,
    drillAttemptId,
    moduleId,
    inviteToken,
    loginEmail: login.email,
    notificationId: notification.id,
  };
}, 120_000);
afterAll(() => t.close());

async function attempt(route: string, rule: Rule, who: Who, index: number): Promise<number> {
  const [method, template] = route.split(' ');
  const { path, body } = rule.call(f);
  let agent: Agent | undefined = who === 'anonymous' ? undefined : agents[who];
  if (rule.fresh && agent)
    agent = await signInFrom(t, emails[who as Exclude<Who, 'anonymous'>], IP);
  const client = agent ? agent.agent : t.http();
  const m = method.toLowerCase() as 'get' | 'post' | 'put' | 'delete' | 'patch';
  let req = client[m](path).set('x-forwarded-for', `198.51.100.${100 + index}`);
  if (agent && m !== 'get') req = req.set('x-csrf-token', agent.csrf);
  if (body !== undefined) req = req.send(body);
  const res = await req;
  if (res.status >= 500)
    throw new Error(
      `${route} as ${who} answered ${res.status} (${template}): ${JSON.stringify(res.body)}`,
    );
  return res.status;
}

describe('authorization matrix', () => {
  it('has a rule for every route the app serves, and no rule for a route that is gone', () => {
    const served = servedRoutes(t);
    expect(served.length).toBeGreaterThan(60);
    const apiRoutes = served.filter((r) => r.split(' ')[1].startsWith('/api'));
    expect(apiRoutes.filter((r) => !TABLE[r])).toEqual([]);
    expect(Object.keys(TABLE).filter((r) => !served.includes(r))).toEqual([]);
  });

  it('every route × every caller: allowed, or refused with the stated status', async () => {
    const wrong: string[] = [];
    for (const [route, rule] of Object.entries(TABLE)) {
      for (const [i, who] of WHO.entries()) {
        const status = await attempt(route, rule, who, i);
        const expected = rule.expect[who];
        const ok = expected === 'allow' ? status !== 401 && status !== 403 : status === expected;
        if (!ok) wrong.push(`${route} as ${who}: expected ${expected}, got ${status}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 300_000);

  it('lists answer only with what the caller may see: nothing of another organization or another cohort', async () => {
    const outsider = agents.coordinatorOtherOrg;
    const mentions = async (a: Agent, path: string, needles: string[]) => {
      const res = await a.agent.get(path);
      expect(res.status).toBe(200);
      const text =
        typeof res.body === 'object' && Object.keys(res.body).length
          ? JSON.stringify(res.body)
          : res.text;
      return needles.filter((n) => text.includes(n));
    };
    const ours = [f.volunteerId, emails.volunteer, f.orgId, f.drillSessionId, f.apiClientId];
    for (const path of [
      '/api/outbox',
      '/api/invites',
      '/api/cohorts/assignments',
      '/api/drill-sessions',
      '/api/drill-sessions/candidates',
      '/api/program/competencies',
      '/api/certificates/mine',
    ]) {
      expect({ path, leaked: await mentions(outsider, path, ours) }).toEqual({ path, leaked: [] });
    }
    // The coordinator of this organization does see them (so the check above can fail).
    expect(await mentions(agents.coordinator, '/api/cohorts/assignments', [f.volunteerId])).toEqual(
      [f.volunteerId],
    );

    // A supervisor sees their own cohort only; the volunteer's notes and requests stay out of another's views.
    const volunteerOnly = [f.volunteerId, f.signoffRequestId];
    for (const path of [
      '/api/supervision/queue',
      '/api/supervision/cohort',
      '/api/supervision/cohort.csv',
      '/api/drill-reviews',
    ]) {
      expect({
        path,
        leaked: await mentions(agents.supervisorOtherCohort, path, volunteerOnly),
      }).toEqual({ path, leaked: [] });
    }
    expect(await mentions(agents.supervisor, '/api/supervision/cohort', [f.volunteerId])).toEqual([
      f.volunteerId,
    ]);

    // Another volunteer's own lists hold nothing of this volunteer.
    for (const path of [
      '/api/certificates/mine',
      '/api/me/competencies',
      '/api/learning',
      '/api/drill-sessions',
    ]) {
      expect({
        path,
        leaked: await mentions(agents.volunteerOtherCohort, path, [
          f.certificateId,
          f.drillSessionId,
          f.drillAttemptId,
          f.signoffRequestId,
        ]),
      }).toEqual({ path, leaked: [] });
    }
  });

  it('the credential issuing endpoint answers its API client, not sessions', async () => {
    const coordinator = agents.coordinator;
    const created = await coordinator.agent
      .post(`/api/organizations/${f.orgId}/api-clients`)
      .set('x-csrf-token', coordinator.csrf)
      .send({ name: 'matrix bearer' })
      .expect(201);
    const res = await t
      .http()
      .post('/api/credentials/issue')
      .set('authorization', `Bearer ${created.body.token}`)
      .send({ credential: {} });
    expect([401, 403]).not.toContain(res.status);
    expect(res.status).toBeLessThan(500);
    await t
      .http()
      .post('/api/credentials/issue')
      .set('authorization', 'Bearer forged-token')
      .send({ credential: {} })
      .expect(401);
  });

  describe('invitation and reset flows across two organizations (made with `pnpm kindred org create`)', () => {
    /** The operator command, as built (api/dist/cli.js), on the test database. */
    const orgCreate = (kind: string, name: string, email: string) => {
      const out = execFileSync(
        process.execPath,
        [
          join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js'),
          'org',
          'create',
          '--kind',
          kind,
          '--name',
          name,
          '--coordinator-email',
          email,
        ],
        {
          env: {
            PATH: process.env.PATH,
            DATABASE_URL: process.env.TEST_DATABASE_URL,
            KINDRED_DATA_DIR: process.env.TEST_DATA_DIR,
            PORT: '3999',
          },
          encoding: 'utf8',
        },
      );
      const link = /http:\/\/localhost:3999\/invite\/\S+/.exec(out)?.[0];
      expect(link).toBeTruthy();
      return link!.split('/invite/')[1];
    };
    const post = (a: Agent, path: string, body: object = {}) =>
      a.agent.post(path).set('x-csrf-token', a.csrf).send(body);
    const accept = async (token: string, password = 'first-coordinator-pass') => {
      const res = await t
        .http()
        .post(`/api/invites/${token}/accept`)
        .send({ password })
        .expect(200);
      return res.body.user as Agent['user'] & { email: string };
    };

    it('each organization’s coordinator invites only into their own; an invitation to the other’s coordinator never takes that account; reset mail reaches no coordinator', async () => {
      const suffix = Date.now().toString(36);
      const aEmail = `coord-a.${suffix}@second-city.example`;
      const bEmail = `coord-b.${suffix}@lakeside.example`;
      const aToken = orgCreate('program', `Second City Peer Line ${suffix}`, aEmail);
      const bToken = orgCreate('university', `Lakeside University ${suffix}`, bEmail);
      const aUser = await accept(aToken);
      const bUser = await accept(bToken);
      const aOrg = aUser.memberships[0].organizationId;
      const bOrg = bUser.memberships[0].organizationId;
      expect(aUser.memberships[0].role).toBe('coordinator');
      // The command's link is single use.
      await t
        .http()
        .post(`/api/invites/${aToken}/accept`)
        .send({ password: 'x'.repeat(12) })
        .expect(410);
      const a = await signInFrom(t, aEmail, IP, 'first-coordinator-pass');
      const b = await signInFrom(t, bEmail, IP, 'first-coordinator-pass');

      // Inviting into the other organization: refused, and nothing stored.
      const cross = { name: 'X', role: 'volunteer', email: uniqueEmail('cross') };
      await post(a, '/api/invites', { ...cross, organizationId: bOrg }).expect(403);
      await post(b, '/api/invites', { ...cross, organizationId: aOrg }).expect(403);
      expect(await t.db.query(`SELECT 1 FROM invites WHERE email = $1`, [cross.email])).toEqual([]);

      // A invites B's coordinator: the token (in A's hands, and A's outbox) cannot open B's account.
      const invited = await post(a, '/api/invites', {
        email: bEmail,
        name: 'Renamed',
        role: 'supervisor',
        organizationId: aOrg,
      }).expect(201);
      const token = invited.body.link.split('/invite/')[1];
      expect(invited.body.existingAccount).toBe(true);
      const takeover = await t
        .http()
        .post(`/api/invites/${token}/accept`)
        .send({ password: 'chosen-by-the-inviter' });
      expect(takeover.status).toBe(409);
      expect(String(takeover.headers['set-cookie'] ?? '')).not.toContain('kindred_session=');
      await post(a, `/api/invites/${token}/join`).expect(403);
      await t
        .http()
        .post('/api/auth/login')
        .send({ email: bEmail, password: 'chosen-by-the-inviter' })
        .expect(401);
      // Each lists only its own organization's invitations.
      const aList = JSON.stringify((await a.agent.get('/api/invites').expect(200)).body);
      const bList = JSON.stringify((await b.agent.get('/api/invites').expect(200)).body);
      expect(bList).not.toContain(aOrg);
      expect(bList).not.toContain('Renamed');
      expect(aList).toContain(bEmail);
      // B accepts, signed in as themselves: now in both organizations, name and password as they were.
      const joined = await post(b, `/api/invites/${token}/join`).expect(200);
      expect(joined.body.user.name).not.toBe('Renamed');
      expect(
        joined.body.user.memberships
          .map((m: { organizationId: string }) => m.organizationId)
          .sort(),
      ).toEqual([aOrg, bOrg].sort());

      // B, in both organizations, resets the password: neither coordinator can read the link.
      await t
        .http()
        .post('/api/auth/password-reset')
        .set('x-forwarded-for', '198.51.100.250')
        .send({ email: bEmail })
        .expect(202);
      for (const coordinator of [a, agents.coordinator, agents.coordinatorOtherOrg]) {
        const outbox = await coordinator.agent.get('/api/outbox').expect(200);
        expect(
          outbox.body.filter((m: { kind: string; to: string }) => m.kind === 'password-reset'),
        ).toEqual([]);
      }
      expect(
        await t.db.query(
          `SELECT 1 FROM outbox_messages WHERE kind = 'password-reset' AND organization_id IS NOT NULL`,
        ),
      ).toEqual([]);
      expect(lastAccountMail(t, bEmail)?.link).toMatch(
        /^http:\/\/localhost:3999\/reset-password\//,
      );
    });
  });
});
