import { error, fail } from '@sveltejs/kit';
import { api, errorMessage } from '$lib/server/api';
import { competencyNames } from '$lib/server/competency-names';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const slug = event.params.slug;
  const lang = event.locals.locale;
  const [{ data, error: err, response }, names, rating] = await Promise.all([
    api(event).GET('/api/courses/{slug}', {
      params: { path: { slug }, query: { lang } },
    }),
    competencyNames(event),
    // the optional self-rating at the course's start or end; without it (an error) the page still reads
    api(event)
      .GET('/api/courses/{slug}/self-rating', { params: { path: { slug }, query: { lang } } })
      .catch(() => ({ data: undefined })),
  ]);
  if (!data) error(response.status, errorMessage(err));
  return { course: data, names, rating: rating.data ?? null };
};

async function selfRate(event: Parameters<Actions[string]>[0], skip: boolean) {
  const form = await event.request.formData();
  const phase = form.get('phase') === 'end' ? 'end' : 'start';
  const ratings: { competencyId: string; rating: number }[] = [];
  if (!skip)
    for (const [key, value] of form.entries()) {
      if (!key.startsWith('rating:') || typeof value !== 'string' || !value) continue;
      ratings.push({ competencyId: key.slice('rating:'.length), rating: Number(value) });
    }
  const {
    data,
    error: err,
    response,
  } = await api(event).POST('/api/courses/{slug}/self-rating', {
    params: { path: { slug: event.params.slug }, query: { lang: event.locals.locale } },
    body: { phase, ratings },
  });
  if (!data) return fail(response.status, { ratingMessage: errorMessage(err) });
  return { rated: skip ? 'skipped' : 'saved' };
}

export const actions: Actions = {
  enroll: async (event) => {
    const {
      data,
      error: err,
      response,
    } = await api(event).POST('/api/courses/{slug}/enrollment', {
      params: { path: { slug: event.params.slug }, query: { lang: event.locals.locale } },
    });
    if (!data) return fail(response.status, { message: errorMessage(err) });
    return { enrolled: true };
  },
  /** The self-rating: how sure the person is of each competency (any left blank are skipped). */
  rate: (event) => selfRate(event, false),
  /** "Skip": not asked again for this point of the course. */
  skipRating: (event) => selfRate(event, true),
};
