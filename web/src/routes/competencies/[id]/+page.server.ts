import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { data, response } = await api(event).GET('/api/competencies/{id}', {
    params: { path: { id: event.params.id } },
  });
  if (!data)
    error(
      response.status === 404 ? 404 : 502,
      response.status === 404
        ? 'There is no such competency'
        : 'The competency could not be loaded',
    );
  return { competency: data };
};
