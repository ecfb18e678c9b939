import type { Request, Response } from 'express';
import type { AppConfig } from '../config/config.js';
import { CSRF_COOKIE, csrfTokenFor } from './csrf.js';

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
