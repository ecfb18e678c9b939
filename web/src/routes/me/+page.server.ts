import { fail } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import { formString } from '$lib/form';
import { hasRole } from '$lib/roles';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  // Evening reminders are a volunteer's: they say the next module of the person's own path.
  if (!hasRole(event.locals.user, 'volunteer')) return { reminders: null };
  const { data } = await api(event).GET('/api/me/reminders');
  return { reminders: data ?? null };
};

export const actions: Actions = {
  reminders: async (event) => {
    const form = await event.request.formData();
    const values = {
      days: form.getAll('days').filter((d): d is string => typeof d === 'string') as (
        'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'
      )[],
      time: formString(form, 'time'),
      timeZone: formString(form, 'timeZone').trim(),
    };
    const { error, response } = await api(event).PUT('/api/me/reminders', { body: values });
    if (error)
      return fail(response.status, {
        reminders: { values, message: errorMessage(error), errors: fieldErrors(error) },
      });
    return { remindersSaved: true };
  },
  // Called by the page's script with the browser's PushSubscription (there is no form for it without JS).
  pushSubscribe: async (event) => {
    const form = await event.request.formData();
    const { error, response } = await api(event).POST('/api/me/push-subscriptions', {
      body: {
        endpoint: formString(form, 'endpoint'),
        p256dh: formString(form, 'p256dh'),
        auth: formString(form, 'auth'),
      },
    });
    if (error) return fail(response.status, { pushMessage: errorMessage(error) });
    return { pushSaved: true };
  },
  pushUnsubscribe: async (event) => {
    const form = await event.request.formData();
    const { error, response } = await api(event).DELETE('/api/me/push-subscriptions', {
      body: { endpoint: formString(form, 'endpoint') },
    });
    if (error) return fail(response.status, { pushMessage: errorMessage(error) });
    return { pushSaved: false };
  },
};
