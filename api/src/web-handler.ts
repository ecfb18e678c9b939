import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RequestHandler } from 'express';
import type { AppConfig } from './config/config.js';

/**
 * The headers the API sets on each page request before the SvelteKit handler sees it (any copy the client
 * sent is replaced): the scheme and the client address as Express decided them under TRUST_PROXY.
 */
export const PAGE_PROTO_HEADER = 'x-kindred-proto';
export const PAGE_CLIENT_HEADER = 'x-kindred-client';

/** Loads the built SvelteKit app (adapter-node's handler) to serve pages on the API's origin. */
export async function loadWebHandler(
  internalApi: string,
  config: Pick<AppConfig, 'publicUrl' | 'webBuild'>,
): Promise<RequestHandler | undefined> {
  const here = dirname(fileURLToPath(import.meta.url));
  const path = config.webBuild ?? resolve(here, '../../web/build/handler.js');
  if (!existsSync(path)) return undefined;
  // adapter-node reads its settings from the environment: these are set here, from the validated config.
  process.env.KINDRED_API_INTERNAL = internalApi;
  process.env.BODY_SIZE_LIMIT = '1M';
  process.env.ADDRESS_HEADER = PAGE_CLIENT_HEADER;
  if (config.publicUrl) process.env.ORIGIN = config.publicUrl;
  else process.env.PROTOCOL_HEADER = PAGE_PROTO_HEADER;
  const mod = (await import(pathToFileURL(path).href)) as { handler: RequestHandler };
  return mod.handler;
}
