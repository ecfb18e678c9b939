import { Injectable } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import { AuthService } from './auth.service.js';
import { CacheBus, TtlCache } from '../common/cache-bus.js';
import type { SessionUser } from '../common/session-user.js';

/** How long a signed-in person (account and roles) is answered from memory; every change also drops it at once. */
export const USER_CACHE_MS = 5_000;

/**
 * The session holds only the user id; the person and their roles come from the database, kept in memory for
 * a few seconds at most. Any change to the account, its memberships or an organization's name NOTIFYs every
 * instance (database triggers), so a removed role or a disabled account takes effect at once.
 */
@Injectable()
export class SessionSerializer extends PassportSerializer {
  private readonly cache = new TtlCache<SessionUser>(50_000);

  constructor(
    private readonly auth: AuthService,
    private readonly bus: CacheBus,
  ) {
    super();
    bus.subscribe((key) => {
      if (key === null || key === 'users:*') this.cache.clear();
      else if (key.startsWith('user:')) this.cache.delete(key.slice(5));
    });
  }

  serializeUser(user: SessionUser, done: (err: unknown, id?: string) => void): void {
    done(null, user.id);
  }

  deserializeUser(id: string, done: (err: unknown, user?: SessionUser | false) => void): void {
    const now = Date.now();
    const hit = this.bus.live ? this.cache.get(id, now) : undefined;
    if (hit) return done(null, copy(hit));
    const generation = this.bus.generation;
    this.auth.sessionUser(id).then((user) => {
      if (user && this.bus.live && this.bus.generation === generation)
        this.cache.set(id, copy(user), now + USER_CACHE_MS);
      done(null, user ?? false);
    }, done);
  }
}

/** Each request gets its own copy, so nothing one request does to its user reaches another. */
const copy = (u: SessionUser): SessionUser => ({
  ...u,
  memberships: u.memberships.map((m) => ({ ...m })),
});
