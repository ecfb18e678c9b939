import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';
import { formString } from '$lib/form';

/** Only places inside the learning area are followed back (no open redirect). */
const safeBack = (value: unknown) =>
  typeof value === 'string' && /^\/learn(\/|$|\?)/.test(value) && !value.startsWith('/learn/break')
    ? value
    : '/learn';
const HEADING = /^[\p{L}\p{N}_-]{1,120}$/u;

export const load: PageServerLoad = ({ url }) => ({ back: safeBack(url.searchParams.get('back')) });

export const actions: Actions = {
  /** "Take a break": save the place (the heading reached) if on a module, then show the calm page. */
  default: async (event) => {
    const form = await event.request.formData();
    const moduleId = formString(form, 'module');
    const position = formString(form, 'position');
    let back = safeBack(form.get('back'));
    if (moduleId) {
      const { data } = await api(event).PUT('/api/modules/{id}/progress', {
        params: { path: { id: moduleId } },
        body: HEADING.test(position) ? { position } : {},
      });
      const place = data?.position;
      if (place) back = `${back.split('#')[0]}#${place}`;
    }
    redirect(303, `/learn/break?back=${encodeURIComponent(back)}`);
  },
};
