import { fail, redirect } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';
import { formString, entryString } from '$lib/form';

const ROLES = ['caller', 'responder', 'observer', 'facilitator'] as const;
type SessionRole = (typeof ROLES)[number];

export const load: PageServerLoad = async (event) => {
  if (!event.locals.user) redirect(303, `/sign-in?next=${encodeURIComponent(event.url.pathname)}`);
  const client = api(event);
  const [drills, candidates] = await Promise.all([
    client.GET('/api/drill-sessions/candidates'),
    client.GET('/api/drills'),
  ]).then(([c, d]) => [d, c] as const);
  const seen = new Set<string>();
  const people = (candidates.data ?? []).filter((p) => !seen.has(p.userId) && seen.add(p.userId));
  return { people, drills: (drills.data ?? []).map((d) => ({ id: d.id, title: d.title })) };
};

/** “20: The caller mentions pills” → { minute: 20, text }; a line that does not parse is reported by its number. */
function parseInjects(text: string): { injects: { minute: number; text: string }[]; bad?: number } {
  const injects: { minute: number; text: string }[] = [];
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const m = /^(\d{1,3})\s*[:.)-]\s*(.+)$/.exec(line);
    if (!m) return { injects, bad: i + 1 };
    injects.push({ minute: Number(m[1]), text: m[2] });
  }
  return { injects };
}

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const get = (k: string) => formString(form, k).trim();
    const values = Object.fromEntries(
      ['title', 'kind', 'drillId', 'startsAt', 'minutes', 'place', 'videoUrl', 'injects', 'tz'].map(
        (k) => [k, get(k)],
      ),
    );
    const org = event.locals.user!.memberships.find(
      (m) => m.role === 'coordinator' || m.role === 'supervisor',
    );
    if (!org)
      return fail(403, {
        values,
        message: 'Only coordinators and supervisors schedule group drills',
        errors: {},
      });
    const { injects, bad } = parseInjects(values.injects);
    if (bad)
      return fail(400, {
        values,
        message: `Please check: injects`,
        errors: { injects: `Line ${bad} should look like “20: what happens”` },
      });
    const participants = [...form.entries()]
      .filter(([k, v]) => k.startsWith('role:') && ROLES.includes(entryString(v) as SessionRole))
      .map(([k, v]) => ({ userId: k.slice(5), role: entryString(v) as SessionRole }));
    // datetime-local has no zone: the browser's offset (minutes, as Date#getTimezoneOffset) comes in a hidden field.
    const offset = Number(values.tz || 0);
    const local = values.startsAt ? new Date(`${values.startsAt}:00Z`) : null;
    const startsAt =
      local && !Number.isNaN(local.getTime())
        ? new Date(local.getTime() + offset * 60_000).toISOString()
        : values.startsAt;
    const { data, error, response } = await api(event).POST('/api/drill-sessions', {
      body: {
        organizationId: org.organizationId,
        drillId: values.drillId,
        kind: values.kind as 'tabletop' | 'field',
        title: values.title,
        startsAt,
        minutes: Number(values.minutes),
        ...(values.place && { place: values.place }),
        ...(values.videoUrl && { videoUrl: values.videoUrl }),
        injects,
        participants,
      },
    });
    if (error || !data)
      return fail(response.status, {
        values,
        message: errorMessage(error),
        errors: fieldErrors(error),
      });
    redirect(303, `/drill-sessions/${data.id}`);
  },
};
