import createClient from 'openapi-fetch';
import type { RequestEvent } from '@sveltejs/kit';
import type { paths, components } from '$lib/api/schema';

export type Schemas = components['schemas'];

/**
 * The typed API client for server code: generated from /api/openapi.json (`pnpm openapi`).
 * Requests go through `event.fetch`, which hooks.server.ts routes to the API with the person's cookies.
 */
export function api(event: Pick<RequestEvent, 'fetch' | 'url'>) {
  return createClient<paths>({ baseUrl: event.url.origin, fetch: event.fetch });
}

export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: { field: string; messages: string[] }[];
}

/** Turns an API error body into the form values a page shows next to each field. */
export function fieldErrors(body: unknown): Record<string, string> {
  const details = (body as ApiErrorBody | undefined)?.details ?? [];
  return Object.fromEntries(details.map((d) => [d.field, d.messages[0]]));
}

export const errorMessage = (body: unknown, fallback = 'Something went wrong. Please try again.') =>
  (body as ApiErrorBody | undefined)?.message ?? fallback;
