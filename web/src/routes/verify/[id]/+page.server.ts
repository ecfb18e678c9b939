import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const client = api(event);
  const id = event.params.id;
  const [verification, credential] = await Promise.all([
    client.GET('/api/credentials/{id}/verification', { params: { path: { id } } }),
    client.GET('/api/credentials/{id}', { params: { path: { id } } }),
  ]);
  return {
    id,
    result: verification.data ?? null,
    credential: credential.data ?? null,
  };
};
