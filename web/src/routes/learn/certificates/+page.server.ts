import { fail } from '@sveltejs/kit';
import { api, errorMessage } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';
import { formString } from '$lib/form';
import QRCode from 'qrcode';

export const load: PageServerLoad = async (event) => {
  const client = api(event);
  const [mine, progress] = await Promise.all([
    client.GET('/api/certificates/mine'),
    client.GET('/api/certificates/mine/progress'),
  ]);
  return { certificates: mine.data ?? [], progress: progress.data ?? [] };
};

export const actions: Actions = {
  sharing: async (event) => {
    const form = await event.request.formData();
    const id = formString(form, 'id');
    const hidden = form.get('hidden') === 'true';
    const { error, response } = await api(event).PUT('/api/certificates/mine/{id}/sharing', {
      params: { path: { id } },
      body: { hidden },
    });
    if (error) return fail(response.status, { message: errorMessage(error) });
    return { changed: id };
  },
  /** Add to wallet: a one-use exchange, shown as a QR code (drawn here, no script needed) and a link. */
  wallet: async (event) => {
    const form = await event.request.formData();
    const id = formString(form, 'id');
    const { data, error, response } = await api(event).POST(
      '/api/certificates/mine/{id}/wallet-exchange',
      { params: { path: { id } } },
    );
    if (error || !data) return fail(response.status, { message: errorMessage(error) });
    const svg = await QRCode.toString(data.deepLink, {
      type: 'svg',
      margin: 2,
      errorCorrectionLevel: 'M',
    });
    return {
      wallet: { id, ...data, qr: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` },
    };
  },
};
