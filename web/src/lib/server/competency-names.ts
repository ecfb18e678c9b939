import type { RequestEvent } from '@sveltejs/kit';
import { api } from './api';

/** Competency id → its name (from the volunteer's own map, which lists the whole framework). */
export async function competencyNames(event: RequestEvent): Promise<Record<string, string>> {
  const { data } = await api(event).GET('/api/me/competencies');
  return Object.fromEntries((data ?? []).map((c) => [c.competencyId, c.name]));
}
