import type { Request } from 'express';
import type { AppConfig } from '../config/config.js';

/**
 * Where credentials and status lists are published: the one configured public origin (PUBLIC_URL, or the
 * address `pnpm start` prints). The request is not consulted: a forged Host must never reach a credential.
 */
export const baseUrlOf = (config: AppConfig, _req?: Request) => config.publicOrigin;
