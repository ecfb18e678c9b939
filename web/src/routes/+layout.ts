import { browser } from '$app/environment';
import { isLocale, loadDictionary } from '$lib/i18n';
import type { LayoutLoad } from './$types';

let hydrating = true;

/**
 * The first page carries its own messages (hooks.server.ts). A page the browser draws itself after a
 * navigation may show any message, so the root layout waits for the language's whole dictionary then
 * (once; the next navigations have it).
 */
export const load: LayoutLoad = async ({ data }) => {
  if (browser && !hydrating && isLocale(data.locale)) await loadDictionary(data.locale);
  hydrating = false;
  return data;
};
