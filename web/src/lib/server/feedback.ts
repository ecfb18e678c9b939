import { fail } from '@sveltejs/kit';
import type { components } from '$lib/api/schema';
import { formString } from '$lib/form';
import { errorMessage } from './api';

type FeedbackInput = components['schemas']['GiveFeedbackDto'];

/**
 * The one-tap feedback form (FeedbackPrompt, at the end of a module or a drill's debrief) as the API
 * takes it. An unknown choice is the API's to refuse (400 naming the field); a blank comment is left out.
 */
export async function feedbackInput(request: Request): Promise<FeedbackInput> {
  const form = await request.formData();
  const comment = formString(form, 'comment').trim();
  return {
    choice: formString(form, 'choice') as FeedbackInput['choice'],
    ...(comment ? { comment } : {}),
  };
}

/** What a feedback action answers: `feedbackGiven`, or the API's message for the prompt to show. */
export function feedbackAnswer(sent: { data?: unknown; error?: unknown; response: Response }) {
  return sent.data
    ? { feedbackGiven: true as const }
    : fail(sent.response.status, { feedbackMessage: errorMessage(sent.error) });
}
