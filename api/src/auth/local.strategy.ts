import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { AuthService } from './auth.service.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import type { SessionUser } from '../common/session-user.js';

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password' });
  }

  async validate(email: string, password: string): Promise<SessionUser> {
    const user = await this.auth.validateLogin(email, password);
    if (!user)
      throw new DomainError(
        ErrorCode.Unauthenticated,
        'That e-mail and password do not match an account',
      );
    return user;
  }
}
