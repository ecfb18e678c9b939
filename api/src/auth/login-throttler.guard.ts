import { Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerException } from '@nestjs/throttler';
import { DomainError, ErrorCode } from '../common/errors.js';

/** Login attempts are limited per address and e-mail, so one person's typos do not lock out a shared network. */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected async getTracker(req: Record<string, any>): Promise<string> {
    const email = typeof req.body?.email === 'string' ? req.body.email.toLowerCase() : '';
    return `${req.ip}|${email}`;
  }

  protected async throwThrottlingException(): Promise<void> {
    throw new DomainError(ErrorCode.TooMany, 'Too many sign-in attempts. Wait a minute and try again.');
  }
}
export { ThrottlerException };
