import type { Request } from 'express';
import type { AppConfig } from '../config/config.js';
import { requestOrigin } from '../common/http.js';

/** Where credentials and status lists are published: PUBLIC_URL, or the origin the request came to. */
export const baseUrlOf = (config: AppConfig, req: Request) =>
  config.publicUrl ?? requestOrigin(req);
