import { error, fail } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

const MAX_GEOJSON = 900_000;
const MAX_CSV = 200_000;

export const load: PageServerLoad = async (event) => {
  const { data, error: err, response } = await api(event).GET('/api/program/network');
  if (!data) error(response.status, errorMessage(err));
  return { program: data };
};

export const actions: Actions = {
  upload: async (event) => {
    const form = await event.request.formData();
    const geojson = form.get('geojson');
    const csv = form.get('csv');
    if (!(geojson instanceof File) || geojson.size === 0)
      return fail(400, { errors: { geojson: 'chooseFile' }, message: null });
    if (geojson.size > MAX_GEOJSON || (csv instanceof File && csv.size > MAX_CSV))
      return fail(413, { errors: { geojson: 'tooLarge' }, message: null });
    const withCsv = csv instanceof File && csv.size > 0;
    const {
      data,
      error: err,
      response,
    } = await api(event).PUT('/api/program/network', {
      body: {
        geojson: await geojson.text(),
        geojsonName: geojson.name || 'areas.geojson',
        ...(withCsv ? { csv: await csv.text(), csvName: csv.name || 'needs.csv' } : {}),
      },
    });
    if (!data)
      return fail(response.status, { message: errorMessage(err), errors: fieldErrors(err) });
    return { uploaded: data };
  },
};
