// The offline queue (issue 19): knowledge-check answers and drill starts and choices made with no
// network, kept in IndexedDB (through `idb`, 8.x: a tiny, well-kept wrapper) until they can be sent.
// Nothing is graded here: the phone holds no answer keys and no scores; the server grades each item
// when it syncs, exactly as online. Each item carries the Idempotency-Key made when the person acted,
// so a sync sent twice (a lost answer, two tabs) records nothing twice.
//
// Loaded lazily (a dynamic import) by the pages that queue or sync, never on every page's first load.
import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { QUEUED_EVENT, QUEUE_WAITING_FLAG } from './names';

export const QUEUE_DB = 'kindred-offline';

export type QueuedItem =
  | { seq?: number; key: string; kind: 'check'; moduleId: string; answers: Record<string, string> }
  | {
      seq?: number;
      key: string;
      kind: 'start';
      drillId: string;
      local: string;
      node: string;
      /** The drill's title as the phone showed it, for the sync notice's link. */
      title?: string;
    }
  | {
      seq?: number;
      key: string;
      kind: 'choice';
      drillId: string;
      local: string;
      /** The node the choice was made at, to check the server's attempt is at the same place. */
      node: string;
      choice: number;
    };

/** What a sync produced, kept so the pages can show it (the graded check, the debrief's attempt). */
export type Synced =
  | { id: string; kind: 'check'; moduleId: string; result: unknown }
  | { id: string; kind: 'drill'; drillId: string; attemptId: string; finished: boolean }
  | { id: string; kind: 'refused'; what: string; status: number };

interface Schema extends DBSchema {
  queue: { key: number; value: QueuedItem };
  synced: { key: string; value: Synced };
  /** The owner's user id (a different person's sign-in clears the queue without sending it). */
  meta: { key: string; value: string };
}

let opened: Promise<IDBPDatabase<Schema>> | null = null;
const db = () =>
  (opened ??= openDB<Schema>(QUEUE_DB, 1, {
    upgrade(d) {
      d.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true });
      d.createObjectStore('synced', { keyPath: 'id' });
      d.createObjectStore('meta');
    },
  }));

/** Empties the queue and what it synced when the phone is someone else's now. */
async function claimFor(owner: string): Promise<void> {
  const d = await db();
  const current = await d.get('meta', 'owner');
  if (current === owner) return;
  const tx = d.transaction(['queue', 'synced', 'meta'], 'readwrite');
  await Promise.all([
    tx.objectStore('queue').clear(),
    tx.objectStore('synced').clear(),
    tx.objectStore('meta').put(owner, 'owner'),
    tx.done,
  ]);
}

export async function enqueue(owner: string, item: QueuedItem): Promise<void> {
  await claimFor(owner);
  await (await db()).add('queue', item);
  localStorage.setItem(QUEUE_WAITING_FLAG, '1');
  window.dispatchEvent(new Event(QUEUED_EVENT));
}

/** How many answers (checks and choices) wait for this person. */
export async function waiting(owner: string): Promise<number> {
  await claimFor(owner);
  return (await (await db()).getAll('queue')).filter((i) => i.kind !== 'start').length;
}

/** The modules whose checks wait in the queue (to link to their results once synced). */
export async function queuedChecks(owner: string): Promise<string[]> {
  await claimFor(owner);
  return (await (await db()).getAll('queue')).flatMap((i) =>
    i.kind === 'check' ? [i.moduleId] : [],
  );
}

/** A drill played offline and not yet sent: its local attempt, where it began, its choices in order. */
export interface LocalPlay {
  local: string;
  /** The node it began at (null when its start was sent by an earlier, interrupted sync). */
  start: string | null;
  choices: { node: string; choice: number }[];
}

/** The latest drill attempt played offline on this phone for `drillId` that still waits in the queue. */
export async function localPlay(owner: string, drillId: string): Promise<LocalPlay | null> {
  await claimFor(owner);
  let play: LocalPlay | null = null;
  for (const item of await (await db()).getAll('queue')) {
    if (item.kind === 'check' || item.drillId !== drillId) continue;
    if (item.kind === 'start') play = { local: item.local, start: item.node, choices: [] };
    else {
      const same: LocalPlay =
        play && play.local === item.local ? play : { local: item.local, start: null, choices: [] };
      same.choices.push({ node: item.node, choice: item.choice });
      play = same;
    }
  }
  return play;
}

/** The drill attempts played offline that wait in the queue (to link to their debriefs once synced). */
export async function queuedDrills(
  owner: string,
): Promise<{ local: string; drillId: string; title: string | null }[]> {
  await claimFor(owner);
  const found = new Map<string, { local: string; drillId: string; title: string | null }>();
  for (const item of await (await db()).getAll('queue'))
    if (item.kind !== 'check' && !found.has(item.local))
      found.set(item.local, {
        local: item.local,
        drillId: item.drillId,
        title: (item.kind === 'start' && item.title) || null,
      });
  return [...found.values()];
}

export async function synced(id: string): Promise<Synced | undefined> {
  return (await db()).get('synced', id);
}

export type SyncOutcome = 'done' | 'offline' | 'signed-out';

const csrf = () =>
  decodeURIComponent(/(?:^|;\s*)kindred_csrf=([^;]*)/.exec(document.cookie)?.[1] ?? '');

async function send(path: string, key: string, body?: unknown): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': key,
      'x-csrf-token': csrf(),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/**
 * Sends the queue in order for `owner`: a drill's start before its choices, the server's attempt id
 * replacing the local one. Stops at the first lost connection ('offline') or lapsed session
 * ('signed-out': the queue stays, for this same person only). A refused item (4xx) is recorded and
 * dropped with the rest of its drill, so one bad item cannot hold the queue forever.
 */
export async function sync(owner: string, lang: string): Promise<SyncOutcome> {
  await claimFor(owner);
  const d = await db();
  const attempts = new Map<string, { id: string; at: string | null }>();
  const dropped = new Set<string>();
  for (const item of await d.getAll('queue')) {
    const done = async (record?: Synced) => {
      const tx = d.transaction(['queue', 'synced'], 'readwrite');
      await Promise.all([
        tx.objectStore('queue').delete(item.seq!),
        record ? tx.objectStore('synced').put(record) : undefined,
        tx.done,
      ]);
    };
    if (item.kind !== 'check' && dropped.has(item.local)) {
      await done();
      continue;
    }
    let response: Response;
    try {
      if (item.kind === 'check')
        response = await send(
          `/api/modules/${encodeURIComponent(item.moduleId)}/attempts?lang=${lang}`,
          item.key,
          { answers: item.answers },
        );
      else if (item.kind === 'start')
        response = await send(
          `/api/drills/${encodeURIComponent(item.drillId)}/attempts?lang=${lang}`,
          item.key,
        );
      else {
        // its start synced in an earlier, interrupted sync: the attempt id was kept in `synced`
        if (!attempts.has(item.local)) {
          const known = await d.get('synced', `drill:${item.local}`);
          if (known && known.kind === 'drill')
            attempts.set(item.local, { id: known.attemptId, at: item.node });
        }
        const attempt = attempts.get(item.local);
        const attemptId = attempt?.id;
        if (!attempt || attempt.at !== item.node) {
          // its start was refused, or the server's attempt is elsewhere (resumed an older one)
          dropped.add(item.local);
          await done({ id: item.key, kind: 'refused', what: item.drillId, status: 409 });
          continue;
        }
        response = await send(`/api/drill-attempts/${attemptId}/choices?lang=${lang}`, item.key, {
          choice: item.choice,
        });
      }
    } catch {
      return 'offline';
    }
    if (response.status === 401 || response.status === 403) return 'signed-out';
    if (!response.ok) {
      if (response.status >= 500) return 'offline';
      if (item.kind !== 'check') dropped.add(item.local);
      await done({ id: item.key, kind: 'refused', what: item.kind, status: response.status });
      continue;
    }
    const body = (await response.json()) as Record<string, unknown>;
    if (item.kind === 'check')
      await done({
        id: `check:${item.moduleId}`,
        kind: 'check',
        moduleId: item.moduleId,
        result: body,
      });
    else if (item.kind === 'start') {
      const node = body.node as { id: string } | null;
      attempts.set(item.local, { id: String(body.attemptId), at: node?.id ?? null });
      await done({
        id: `drill:${item.local}`,
        kind: 'drill',
        drillId: item.drillId,
        attemptId: String(body.attemptId),
        finished: body.status === 'finished',
      });
    } else {
      const attempt = attempts.get(item.local)!;
      const next = body.next as { id: string } | null;
      attempt.at = next?.id ?? null;
      await done({
        id: `drill:${item.local}`,
        kind: 'drill',
        drillId: item.drillId,
        attemptId: attempt.id,
        finished: Boolean(body.finished),
      });
    }
  }
  // something queued while this sync ran waits for the next one
  if ((await d.count('queue')) === 0) localStorage.removeItem(QUEUE_WAITING_FLAG);
  return 'done';
}

/** Signing out on a shared phone: the queue and what it synced go (after a sync, if one was possible). */
export async function clearQueue(): Promise<void> {
  if (opened) (await opened).close();
  opened = null;
  localStorage.removeItem(QUEUE_WAITING_FLAG);
  await deleteDB(QUEUE_DB);
}
