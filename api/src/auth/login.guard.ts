import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { validationPipe } from '../common/validation.js';
import { LoginDto } from './auth.dto.js';

/** Checks the body's shape first (a 400 naming the field), then lets passport-local verify and open the session. */
@Injectable()
export class LoginGuard extends AuthGuard('local') {
  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<Request>();
    await validationPipe.transform(req.body ?? {}, { type: 'body', metatype: LoginDto });
    const ok = (await super.canActivate(ctx)) as boolean;
    await super.logIn(req);
    return ok;
  }

  handleRequest<T>(err: unknown, user: T): T {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- the strategy's own error, passed on unchanged
    if (err) throw err;
    return user;
  }
}
