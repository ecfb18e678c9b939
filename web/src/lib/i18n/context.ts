import { page } from '$app/state';
import { translator, type Translate } from './index';

/** The translator for the page being shown, from the locale the server negotiated. */
export function t(...args: Parameters<Translate>): string {
  return translator(page.data.locale ?? 'en')(...args);
}
