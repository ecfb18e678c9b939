import { error } from '@sveltejs/kit';
import { translator } from '$lib/i18n';
import type { RequestHandler } from './$types';

/** The bulk check from the /verify page (a plain form upload): the CSV goes to the API, its CSV answer comes back as a download. */
export const POST: RequestHandler = async ({ request, fetch, url, locals }) => {
  const t = translator(locals.locale);
  const form = await request.formData();
  const file = form.get('file');
  if (!(file instanceof File) || file.size === 0) error(400, t('verify.bulkNoFile'));
  if (file.size > 1024 * 1024) error(413, t('verify.bulkTooLarge'));
  const response = await fetch(new URL('/api/credentials/verify/bulk', url.origin), {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body: await file.text(),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    error(response.status, body.message ?? t('verify.bulkFailed'));
  }
  return new Response(await response.text(), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      vary: 'Accept-Language, Cookie',
      'content-disposition': 'attachment; filename="kindred-verification.csv"',
    },
  });
};
