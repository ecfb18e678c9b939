import { fail } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';
import { formString } from '$lib/form';

/** The API's limit for uploaded evidence (it checks again, with the file's type). */
const MAX_FILE = 512 * 1024;

export const load: PageServerLoad = async (event) => {
  const { data, error } = await api(event).GET('/api/ce');
  return {
    ce: data ?? null,
    loadError: error ? errorMessage(error) : null,
    today: new Date().toISOString().slice(0, 10),
  };
};

export const actions: Actions = {
  /** A plain multipart form (works without JS); the file goes on to the API as base64 JSON. */
  add: async (event) => {
    const form = await event.request.formData();
    const evidenceUrl = formString(form, 'evidenceUrl').trim();
    const values = {
      title: formString(form, 'title'),
      provider: formString(form, 'provider'),
      category: formString(form, 'category'),
      hours: Number(formString(form, 'hours').replace(',', '.')),
      completedOn: formString(form, 'completedOn'),
      ...(evidenceUrl ? { evidenceUrl } : {}),
    };
    const file = form.get('evidenceFile');
    let evidenceFile: { name: string; data: string } | undefined;
    if (file instanceof File && file.size > 0) {
      if (file.size > MAX_FILE)
        return fail(400, {
          values,
          tooLarge: true,
          errors: {},
          message: null,
        });
      evidenceFile = {
        name: file.name,
        data: Buffer.from(await file.arrayBuffer()).toString('base64'),
      };
    }
    const { error, response } = await api(event).POST('/api/ce', {
      body: { ...values, ...(evidenceFile ? { evidenceFile } : {}) },
    });
    if (error)
      return fail(response.status, {
        values,
        tooLarge: false,
        message: errorMessage(error),
        errors: fieldErrors(error),
      });
    return { added: true };
  },
};
