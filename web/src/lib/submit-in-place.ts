import { invalidateAll } from '$app/navigation';
import type { ActionResult } from '@sveltejs/kit';

/**
 * A form's `onsubmit` that posts it to its action without leaving the page, as SvelteKit's `use:enhance`
 * does with `update({ reset: false })`, but loading `$app/forms` only when the form is sent (issue 17: it
 * was 0.8 KB gzip of the module page's scripts for a prompt at the very end, which most readers never
 * tap). Without JavaScript the form posts as it is.
 */
export async function submitInPlace(
  event: SubmitEvent & { currentTarget: EventTarget & HTMLFormElement },
): Promise<void> {
  event.preventDefault();
  const form = event.currentTarget;
  const action = new URL(form.action);
  const body = new FormData(form, event.submitter);
  const { applyAction, deserialize } = await import('$app/forms');
  let result: ActionResult;
  try {
    const response = await fetch(action, {
      method: 'POST',
      headers: { accept: 'application/json', 'x-sveltekit-action': 'true' },
      cache: 'no-store',
      body,
    });
    result = deserialize(await response.text());
  } catch (error) {
    result = { type: 'error', error };
  }
  if (result.type === 'success') await invalidateAll();
  await applyAction(result);
}
