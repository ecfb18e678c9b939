import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { randomInt, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  DAY_MS,
  HOUR_MS,
  issueStatusListCredential,
  randomFreeIndex,
  STATUS_LIST_LENGTH,
  statusEntry,
  StatusList,
  type StatusEntry,
  type StatusMessageSpec,
} from '@kindred/certificates';
import { Clock } from '../common/clock.js';
import { CertificatesRepository } from './certificates.repository.js';
import { KeyringService, type OrgKey } from './keyring.service.js';
import type { ListPurpose, Purpose, StatusListRow } from './status-list.entity.js';

export const PURPOSES: Purpose[] = ['revocation', 'suspension'];
/** Verifiers may cache a list this long (the list's `ttl`, and the response's Cache-Control). */
export const STATUS_LIST_TTL_S = 300;
/** A signed list is valid this long; it is republished well before (see `refreshStale`). */
const LIST_VALID_MS = 7 * DAY_MS;
const REPUBLISH_BEFORE_MS = 3 * DAY_MS;

export const statusListUrl = (baseUrl: string, id: string) => `${baseUrl}/api/status-lists/${id}`;

/** Bitstring status lists: one per signing key and purpose, re-signed right after every change. */
@Injectable()
export class StatusListsService {
  constructor(
    private readonly repo: CertificatesRepository,
    private readonly keyring: KeyringService,
    private readonly clock: Clock,
  ) {}

  /** The key's revocation and suspension lists, created (empty, signed) on first need at `baseUrl`. */
  async listsFor(key: OrgKey, baseUrl: string): Promise<Record<Purpose, StatusListRow>> {
    const ours = (rows: StatusListRow[]) => rows.filter((r) => r.purpose !== 'message');
    let rows = ours(await this.repo.listsOfKey(key.row.id));
    const missing = PURPOSES.filter((p) => !rows.some((r) => r.purpose === p));
    for (const purpose of missing) await this.createList(key, baseUrl, purpose, 1);
    if (missing.length) rows = ours(await this.repo.listsOfKey(key.row.id));
    rows = await Promise.all(rows.map((r) => this.atOrigin(r, baseUrl)));
    return Object.fromEntries(rows.map((r) => [r.purpose, r])) as Record<Purpose, StatusListRow>;
  }

  /**
   * The list as published at `baseUrl`: a list created before PUBLIC_URL changed (say from http://localhost to
   * an https origin) is re-signed with its URL at the new origin, so new entries never point at the old one
   * (credentials issued before keep theirs: `byUrl` finds the list by the id in its path).
   */
  private async atOrigin(row: StatusListRow, baseUrl: string): Promise<StatusListRow> {
    const url = statusListUrl(baseUrl, row.id);
    if (row.url === url) return row;
    await this.repo.transaction(async (m) => {
      const locked = await this.repo.lockList(m, row.id);
      if (!locked || locked.url === url) return;
      await this.repo.setListUrl(m, row.id, url);
      await this.republish(m, { ...locked, url }, await StatusList.decode(locked.encodedList));
    });
    return { ...row, url };
  }

  /** The key's `message` list of entries of `statusSize` bits, created (all zero, signed) on first need. */
  async messageList(key: OrgKey, baseUrl: string, statusSize: number): Promise<StatusListRow> {
    const find = async () =>
      (await this.repo.listsOfKey(key.row.id)).find(
        (r) => r.purpose === 'message' && r.statusSize === statusSize,
      );
    const found = await find();
    if (found) return this.atOrigin(found, baseUrl);
    await this.createList(key, baseUrl, 'message', statusSize);
    const created = await find();
    if (!created) throw new Error(`the message list of size ${statusSize} was not created`);
    return created;
  }

  private async createList(
    key: OrgKey,
    baseUrl: string,
    purpose: ListPurpose,
    statusSize: number,
  ): Promise<void> {
    const id = randomUUID();
    const url = statusListUrl(baseUrl, id);
    const list = StatusList.create(STATUS_LIST_LENGTH, statusSize);
    const signed = await this.sign(key, url, purpose, list);
    await this.repo.insertListIfNone({
      id,
      signingKeyId: key.row.id,
      organizationId: key.row.organizationId,
      purpose,
      statusSize,
      url,
      encodedList: await list.encode(),
      credential: signed.credential,
      validUntil: signed.validUntil,
    });
  }

  /**
   * A random unused index of each list, and the credentialStatus entries pointing at them. The lists are not
   * locked, so issuances (a batch approval signs several at once) do not wait for each other while signing: two
   * that pick the same index meet at the credentials' unique (list, index) and the later one is issued again
   * (IssuanceService). Each index is the first free one of a few random candidates, found with one query through
   * that unique index; a full scan only when they are all taken (a list close to full).
   */
  async allocate(
    manager: EntityManager,
    lists: { row: StatusListRow; message?: StatusMessageSpec }[],
  ): Promise<{ purpose: ListPurpose; listId: string; index: number; entry: StatusEntry }[]> {
    const wanted = lists.map(({ row }) => ({
      listId: row.id,
      purpose: row.purpose,
      candidates: Array.from({ length: 32 }, () => randomInt(STATUS_LIST_LENGTH)),
    }));
    const found = wanted.length ? await this.repo.firstUnusedIndexes(manager, wanted) : [];
    const allocated = [];
    for (const [k, { row, message }] of lists.entries()) {
      const index =
        found[k] ?? randomFreeIndex(await this.repo.usedIndexes(manager, row.id, row.purpose));
      allocated.push({
        purpose: row.purpose,
        listId: row.id,
        index,
        entry: statusEntry(row.url, index, row.purpose, message),
      });
    }
    return allocated;
  }

  /** Writes a value into one entry of a message list and republishes it, inside the caller's transaction. */
  async setValue(
    manager: EntityManager,
    listId: string,
    index: number,
    value: number,
  ): Promise<void> {
    const list = await this.repo.lockList(manager, listId);
    if (!list) throw new Error(`status list ${listId} is missing`);
    const bits = await StatusList.decode(list.encodedList);
    bits.setValue(index, list.statusSize, value);
    await this.republish(manager, list, bits);
  }

  /** Sets or clears one bit and republishes the signed list, inside the caller's transaction. */
  async setBit(manager: EntityManager, listId: string, index: number, on: boolean): Promise<void> {
    const list = await this.repo.lockList(manager, listId);
    if (!list) throw new Error(`status list ${listId} is missing`);
    const bits = await StatusList.decode(list.encodedList);
    if (on) bits.set(index);
    else bits.clear(index);
    await this.republish(manager, list, bits);
  }

  /** The signed list credential to serve; republished first when it is about to run out. */
  async current(id: string): Promise<StatusListRow | null> {
    const list = await this.repo.listById(id);
    if (!list || this.servable(list)) return list;
    await this.repo.transaction(async (m) => {
      const locked = await this.repo.lockList(m, id);
      if (locked) await this.republish(m, locked, await StatusList.decode(locked.encodedList));
    });
    return this.repo.listById(id);
  }

  /** For verification: our own lists straight from the database, by the URL credentials carry. */
  async byUrl(url: string): Promise<object | undefined> {
    const row = (await this.repo.listByUrl(url)) ?? (await this.byPath(url));
    if (!row) return undefined;
    if (this.servable(row)) return row.credential;
    return (await this.current(row.id))?.credential;
  }

  /**
   * A list of Kindred's named by a URL at an origin it was published at before (see `atOrigin`): its id is in
   * the path. Whatever the origin, what is read is Kindred's own signed list, checked like any other.
   */
  private async byPath(url: string): Promise<StatusListRow | null> {
    let path: string;
    try {
      path = new URL(url).pathname;
    } catch {
      return null;
    }
    const id =
      /^\/api\/status-lists\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(
        path,
      )?.[1];
    return id ? this.repo.listById(id.toLowerCase()) : null;
  }

  /**
   * Neither about to run out nor signed in the future: a list signed by an instance whose clock ran ahead (or,
   * in tests, a clock moved on and back) would read as "not yet valid" to a strict verifier, so it is signed again.
   */
  private servable(list: Pick<StatusListRow, 'validUntil'>): boolean {
    const now = this.clock.now().getTime();
    const validFrom = list.validUntil.getTime() - LIST_VALID_MS;
    return list.validUntil.getTime() - now > REPUBLISH_BEFORE_MS && validFrom <= now;
  }

  /** Republishes every list that would run out soon (scheduled, and callable from tests). */
  async refreshStale(): Promise<number> {
    const stale = await this.repo.staleLists(
      new Date(this.clock.now().getTime() + REPUBLISH_BEFORE_MS),
    );
    for (const list of stale) await this.current(list.id);
    return stale.length;
  }

  /** Hourly: no list may run out while its issuer is up (every instance may run it; a republish is idempotent). */
  @Interval('status-list-republish', HOUR_MS)
  async republishJob(): Promise<void> {
    await this.refreshStale().catch((e: unknown) =>
      new Logger('StatusLists').error(`republishing failed: ${(e as Error).message}`),
    );
  }

  private async republish(
    manager: EntityManager,
    list: StatusListRow,
    bits: StatusList,
  ): Promise<void> {
    const key = await this.keyring.keyById(list.signingKeyId);
    const signed = await this.sign(key, list.url, list.purpose, bits);
    await this.repo.updateList(
      manager,
      list.id,
      await bits.encode(),
      signed.credential,
      signed.validUntil,
      this.clock.now(),
    );
  }

  private async sign(key: OrgKey, url: string, purpose: ListPurpose, list: StatusList) {
    const validFrom = this.clock.now();
    const credential = await issueStatusListCredential(
      {
        id: url,
        issuer: key.key.did,
        purpose,
        list,
        validFrom,
        validForMs: LIST_VALID_MS,
        ttlMs: STATUS_LIST_TTL_S * 1000,
      },
      key.key,
    );
    return {
      credential: credential as Record<string, unknown>,
      validUntil: new Date(validFrom.getTime() + LIST_VALID_MS),
    };
  }
}
