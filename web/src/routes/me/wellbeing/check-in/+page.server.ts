import { fail, redirect } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import { formString } from '$lib/form';
import type { Actions, PageServerLoad } from './$types';

const OCCASIONS = ['drill', 'hours', 'monthly', 'self'] as const;
type Occasion = (typeof OCCASIONS)[number];
const occasionOf = (v: string | null): Occasion => OCCASIONS.find((o) => o === v) ?? 'self';
const WITHIN = ['days', 'week', 'weeks'] as const;

export const load: PageServerLoad = (event) => {
  if (!event.locals.user)
    redirect(303, `/sign-in?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
  return { occasion: occasionOf(event.url.searchParams.get('occasion')) };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const note = formString(form, 'note').trim();
    const within = formString(form, 'within');
    const values = {
      occasion: occasionOf(formString(form, 'occasion')),
      weight: Number(formString(form, 'weight')),
      sleep: Number(formString(form, 'sleep')),
      someone: formString(form, 'someone') as 'yes' | 'not_sure' | 'no',
      ...(note ? { note } : {}),
      ...(formString(form, 'debrief') === 'on'
        ? { debrief: WITHIN.find((w) => w === within) ?? 'week' }
        : {}),
    };
    const { data, error, response } = await api(event).POST('/api/me/wellbeing/check-ins', {
      body: values,
    });
    if (!data)
      return fail(response.status, {
        values,
        message: errorMessage(error),
        errors: fieldErrors(error),
      });
    redirect(303, `/me/wellbeing?saved=${values.debrief && data.debriefAsked ? 'debrief' : '1'}`);
  },
};
