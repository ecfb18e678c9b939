import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** The bulk check from the /verify page (a plain form upload): the CSV goes to the API, its CSV answer comes back as a download. */
export const POST: RequestHandler = async ({ request, fetch, url }) => {
  const form = await request.formData();
  const file = form.get('file');
  if (!(file instanceof File) || file.size === 0)
    error(400, 'Choose a CSV file of certificate IDs.');
  if (file.size > 1024 * 1024) error(413, 'The file is too large (at most 1 MB).');
  const response = await fetch(new URL('/api/credentials/verify/bulk', url.origin), {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body: await file.text(),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    error(response.status, body.message ?? 'The file could not be checked.');
  }
  return new Response(await response.text(), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="kindred-verification.csv"',
    },
  });
};
