import { fail, redirect } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import { translator, type MessageKey } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';
import { formString, entryString } from '$lib/form';
import { checkSessionForm } from '$lib/drill-session-form';

const ROLES = ['caller', 'responder', 'observer', 'facilitator'] as const;
type SessionRole = (typeof ROLES)[number];

export const load: PageServerLoad = async (event) => {
  if (!event.locals.user) redirect(303, `/sign-in?next=${encodeURIComponent(event.url.pathname)}`);
  const client = api(event);
  const [drills, candidates] = await Promise.all([
    client.GET('/api/drill-sessions/candidates'),
    client.GET('/api/drills', { params: { query: { lang: event.locals.locale } } }),
  ]).then(([c, d]) => [d, c] as const);
  const seen = new Set<string>();
  const people = (candidates.data ?? []).filter((p) => !seen.has(p.userId) && seen.add(p.userId));
  return { people, drills: (drills.data ?? []).map((d) => ({ id: d.id, title: d.title })) };
};

/** The form's fields by the words on the page (an error names them so, not by their ids). */
const LABELS: Record<string, MessageKey> = {
  title: 'sessions.scenario',
  kind: 'sessions.kind',
  drillId: 'sessions.drill',
  startsAt: 'sessions.startsAt',
  minutes: 'sessions.minutes',
  place: 'sessions.place',
  videoUrl: 'sessions.videoUrl',
  injects: 'sessions.injectsShort',
  participants: 'sessions.people',
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const t = translator(event.locals.locale);
    const get = (k: string) => formString(form, k).trim();
    // Everything typed comes back after an error: the inject lines as written, and each person's role.
    const roles: Record<string, string> = {};
    for (const [k, v] of form.entries())
      if (k.startsWith('role:') && ROLES.includes(entryString(v) as SessionRole))
        roles[k.slice(5)] = entryString(v);
    const values = {
      title: get('title'),
      kind: get('kind'),
      drillId: get('drillId'),
      startsAt: get('startsAt'),
      minutes: get('minutes'),
      place: get('place'),
      videoUrl: get('videoUrl'),
      tz: get('tz'),
      injects: formString(form, 'injects'),
      roles,
    };
    const failWith = (status: number, errors: Record<string, string>, message?: string) =>
      fail(status, {
        values,
        errors,
        message:
          message ??
          `${t('sessions.pleaseCheck')}: ${Object.keys(errors)
            .map((k) => (LABELS[k] ? t(LABELS[k]) : k))
            .join('; ')}`,
      });
    const org = event.locals.user!.memberships.find(
      (m) => m.role === 'coordinator' || m.role === 'supervisor',
    );
    if (!org) return failWith(403, {}, t('sessions.onlyStaff'));

    const { errors, starts, minutes, injects } = checkSessionForm(values, event.locals.locale);
    const participants = Object.entries(roles).map(([userId, role]) => ({
      userId,
      role: role as SessionRole,
    }));
    if (Object.keys(errors).length) return failWith(400, errors);

    const { data, error, response } = await api(event).POST('/api/drill-sessions', {
      body: {
        organizationId: org.organizationId,
        drillId: values.drillId,
        kind: values.kind as 'tabletop' | 'field',
        title: values.title,
        startsAt: starts!.toISOString(),
        minutes,
        ...(values.place && { place: values.place }),
        ...(values.videoUrl && { videoUrl: values.videoUrl }),
        injects,
        participants,
      },
    });
    if (error || !data) {
      // the API's fields (injects.0.minute, participants.1.role) shown at the form's fields
      const apiErrors: Record<string, string> = {};
      for (const [k, v] of Object.entries(fieldErrors(error))) apiErrors[k.split('.')[0]] ??= v;
      return failWith(
        response.status,
        apiErrors,
        Object.keys(apiErrors).length ? undefined : errorMessage(error),
      );
    }
    redirect(303, `/drill-sessions/${data.id}`);
  },
};
