import { fail, redirect } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import { translator, type MessageKey } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';
import { formString, entryString } from '$lib/form';

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

/** “20: The caller mentions pills” → { minute: 20, text }; every line that does not parse is reported by its number. */
function parseInjects(text: string): {
  injects: { minute: number; text: string }[];
  bad: number[];
} {
  const injects: { minute: number; text: string }[] = [];
  const bad: number[] = [];
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const m = /^(\d{1,3})\s*[:.)-]\s*(.+)$/.exec(line);
    if (!m) bad.push(i + 1);
    else injects.push({ minute: Number(m[1]), text: m[2] });
  }
  return { injects, bad };
}

const lines = (n: number[]) =>
  n.length === 1 ? `Line ${n[0]}` : `Lines ${n.slice(0, -1).join(', ')} and ${n[n.length - 1]}`;

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
    if (!org) return failWith(403, {}, 'Only coordinators and supervisors schedule group drills');

    // Every problem the page can see at once, so a second submit does not fail on another field.
    const errors: Record<string, string> = {};
    if (values.title.length < 3)
      errors.title = 'Give the scenario a title of at least 3 characters';
    // datetime-local has no zone: the browser's offset (minutes, as Date#getTimezoneOffset) comes in a hidden field.
    const offset = Number(values.tz || 0);
    const local = values.startsAt ? new Date(`${values.startsAt}:00Z`) : null;
    const starts =
      local && !Number.isNaN(local.getTime()) ? new Date(local.getTime() + offset * 60_000) : null;
    if (!starts) errors.startsAt = 'Choose the date and time';
    else if (starts.getTime() <= Date.now())
      errors.startsAt = 'The date and time must be in the future';
    const minutes = Number(values.minutes);
    if (!Number.isInteger(minutes) || minutes < 10 || minutes > 480)
      errors.minutes = 'The length must be a whole number of minutes, from 10 to 480';
    if (!values.place && !values.videoUrl) errors.place = 'Give a place or a video link';
    if (values.videoUrl && !/^https?:\/\/\S+\.\S+/.test(values.videoUrl))
      errors.videoUrl = 'The video link must be a web address (https://…)';
    const { injects, bad } = parseInjects(values.injects);
    const late = injects.filter((i) => Number.isInteger(minutes) && i.minute > minutes);
    if (bad.length) errors.injects = `${lines(bad)} should look like “20: what happens”`;
    else if (late.length)
      errors.injects = `An inject at minute ${late[0].minute} falls after the end of the session (${minutes} minutes)`;
    const participants = Object.entries(roles).map(([userId, role]) => ({
      userId,
      role: role as SessionRole,
    }));
    if (participants.length === 0) errors.participants = 'Give at least one person a role';
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
