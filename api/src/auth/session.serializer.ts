import { Injectable } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import { AuthService } from './auth.service.js';
import type { SessionUser } from '../common/session-user.js';

/** The session holds only the user id; roles are read fresh on every request, so a removed role takes effect at once. */
@Injectable()
export class SessionSerializer extends PassportSerializer {
  constructor(private readonly auth: AuthService) {
    super();
  }

  serializeUser(user: SessionUser, done: (err: unknown, id?: string) => void): void {
    done(null, user.id);
  }

  deserializeUser(id: string, done: (err: unknown, user?: SessionUser | false) => void): void {
    this.auth.sessionUser(id).then((user) => done(null, user ?? false), done);
  }
}
