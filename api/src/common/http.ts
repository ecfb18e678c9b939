import type { Request, Response } from 'express';
import type { AppConfig } from '../config/config.js';
import { CSRF_COOKIE, csrfTokenFor } from './csrf.js';

/** The origin the browser used (honouring X-Forwarded-* from the web app on loopback). */
export const requestOrigin = (req: Request) => `${req.protocol}://${req.host}`;

export function setCsrfCookie(req: Request, res: Response, config: AppConfig): string {
  const token = csrfTokenFor(config.sessionSecret, req.sessionID);
  res.cookie(CSRF_COOKIE, token, {
    sameSite: 'lax',
    secure: config.secureCookies,
    httpOnly: false,
    path: '/',
  });
  return token;
}
