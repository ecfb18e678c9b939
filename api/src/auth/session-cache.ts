import type session from 'express-session';
import type connectPg from 'connect-pg-simple';
import { TtlCache, type CacheBus } from '../common/cache-bus.js';

/** How long a session read from the database is answered from memory (each change also drops it at once). */
export const SESSION_CACHE_MS = 5_000;

type PgStoreClass = ReturnType<typeof connectPg>;
type Callback = (err?: unknown, sess?: session.SessionData | null) => void;

/**
 * connect-pg-simple's store with a short-lived in-process cache of reads: a page makes several API calls
 * and each read the session row again. Writes and deletes go through to the database and drop the entry;
 * the `sessions` trigger NOTIFYs other instances (sign-out, sign-out everywhere on a password reset).
 * The cached copy is the JSON text, parsed per request, so no request sees another's changes.
 */
export function cachedStore(
  PgStore: PgStoreClass,
  bus: CacheBus,
  options: ConstructorParameters<PgStoreClass>[0],
): session.Store {
  const cache = new TtlCache<{ json: string; userId: string | undefined }>(50_000);
  bus.subscribe((key) => {
    if (key === null) return cache.clear();
    if (key.startsWith('session:')) return cache.delete(key.slice(8));
    if (key.startsWith('user:')) {
      // A password reset signs a person out everywhere: drop their sessions here at once, before the NOTIFY arrives.
      const id = key.slice(5);
      for (const [sid, e] of cache.entries()) if (e.value.userId === id) cache.delete(sid);
    }
  });

  class CachedPgStore extends PgStore {
    override get(sid: string, cb: Callback): void {
      const now = Date.now();
      const hit = bus.live ? cache.get(sid, now) : undefined;
      if (hit) {
        const sess = JSON.parse(hit.json) as session.SessionData;
        // eslint-disable-next-line @typescript-eslint/no-deprecated -- reading the stored expiry, not setting it
        const expires = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : Infinity;
        if (expires > now) return cb(null, sess);
        cache.delete(sid);
      }
      const generation = bus.generation;
      super.get(sid, (err: unknown, sess?: session.SessionData | null) => {
        if (!err && sess && bus.live && bus.generation === generation) {
          const userId = (sess as { passport?: { user?: string } }).passport?.user;
          cache.set(sid, { json: JSON.stringify(sess), userId }, now + SESSION_CACHE_MS);
        }
        cb(err, sess);
      });
    }

    override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
      cache.delete(sid);
      bus.generation++;
      super.set(sid, sess, (err?: unknown) => {
        cache.delete(sid);
        cb?.(err);
      });
    }

    override destroy(sid: string, cb?: (err?: unknown) => void): void {
      cache.delete(sid);
      bus.generation++;
      super.destroy(sid, (err?: unknown) => {
        cache.delete(sid);
        cb?.(err);
      });
    }
  }
  return new CachedPgStore(options);
}
