import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RequestHandler } from 'express';

/** Loads the built SvelteKit app (adapter-node's handler) to serve pages on the API's origin. */
export async function loadWebHandler(
  internalApi: string,
  publicUrl?: string,
): Promise<RequestHandler | undefined> {
  const here = dirname(fileURLToPath(import.meta.url));
  const path = process.env.KINDRED_WEB_BUILD ?? resolve(here, '../../web/build/handler.js');
  if (!existsSync(path)) return undefined;
  process.env.KINDRED_API_INTERNAL = internalApi;
  process.env.BODY_SIZE_LIMIT ??= '1M';
  if (publicUrl) process.env.ORIGIN ??= publicUrl;
  else process.env.PROTOCOL_HEADER ??= 'x-kindred-proto';
  const mod = (await import(pathToFileURL(path).href)) as { handler: RequestHandler };
  return mod.handler;
}
