import { moduleBody } from '$lib/content/bodies';
import type { PageLoad } from './$types';

/** The module body is a compiled mdsvex component: loaded here (not in the server load) because components cannot be serialized. */
export const load: PageLoad = async ({ data }) => {
  const body = data.showNote
    ? null
    : await moduleBody(data.module.course.slug, data.module.slug, data.module.lang);
  return { ...data, body };
};
