import {
  CanActivate,
  ExecutionContext,
  Injectable,
  SetMetadata,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from '../organizations/membership.entity.js';
import { DomainError, ErrorCode } from './errors.js';
import { hasRole, type SessionUser } from './session-user.js';
import { csrfTokenMatches } from './csrf.js';

/** Who may call a route. Every route must state it; a route without a rule is refused (and fails the route test). */
export type AccessRule =
  { kind: 'public' } | { kind: 'signed-in' } | { kind: 'roles'; roles: Role[] };
export const ACCESS_KEY = 'kindred:access';

export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessRule);
export const SignedIn = () => SetMetadata(ACCESS_KEY, { kind: 'signed-in' } satisfies AccessRule);
export const Roles = (...roles: Role[]) =>
  SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies AccessRule);

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) =>
    ctx.switchToHttp().getRequest<Request>().user as SessionUser,
);

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessionSecret: string,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    const req = ctx.switchToHttp().getRequest<Request>();
    if (!rule)
      throw new DomainError(
        ErrorCode.Forbidden,
        'This route has no access rule, so nobody may call it',
      );
    const user = req.user as SessionUser | undefined;
    // A signed-in browser must prove each state-changing request came from our pages (double-submit token).
    if (user && UNSAFE.has(req.method) && req.sessionID) {
      if (!csrfTokenMatches(this.sessionSecret, req.sessionID, req.get('x-csrf-token'))) {
        throw new DomainError(
          ErrorCode.Forbidden,
          'The security token of this request is missing or stale. Reload the page and try again.',
        );
      }
    }
    if (rule.kind === 'public') return true;
    if (!user) throw new DomainError(ErrorCode.Unauthenticated, 'Please sign in first');
    if (rule.kind === 'signed-in') return true;
    if (rule.roles.some((r) => hasRole(user, r))) return true;
    throw new DomainError(ErrorCode.Forbidden, 'Your role does not give access to this');
  }
}
