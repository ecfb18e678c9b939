import { error, redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

/** Resolves a link written between module files (`02-safety-first.md`) to that module's page. */
export const load: PageServerLoad = async (event) => {
  const client = api(event);
  const named = event.url.searchParams.get('course');
  // `./02-x.md` means the same course as the module it was clicked in: try that course first.
  const from = /\/learn\/modules\/([\w-]+)/.exec(event.request.headers.get('referer') ?? '')?.[1];
  const current = from
    ? (await client.GET('/api/modules/{id}', { params: { path: { id: from } } })).data?.course.slug
    : undefined;
  const all = named ? [] : ((await client.GET('/api/courses')).data ?? []).map((c) => c.slug);
  const slugs = [...new Set([named, current, ...all].filter((s): s is string => Boolean(s)))];
  for (const slug of slugs) {
    const { data } = await client.GET('/api/courses/{slug}', { params: { path: { slug } } });
    const found = data?.modules.find((m) => m.slug === event.params.file);
    if (found) redirect(303, `/learn/modules/${found.id}`);
  }
  error(404, 'There is no module at this address.');
};
