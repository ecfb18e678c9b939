import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { affected, anyUuid, db, first, jsonb, rows } from '../database/sql.js';
import { ApiClient } from './api-client.entity.js';
import { CertificateRequest } from './certificate-request.entity.js';
import {
  CredentialRow,
  type CredentialState,
  type RevocationCategory,
} from './credential.entity.js';
import { SigningKey } from './signing-key.entity.js';
import { StatusListRow, type ListPurpose } from './status-list.entity.js';

export interface OrgRow {
  id: string;
  slug: string;
  name: string;
  kind: 'program' | 'university';
  url: string | null;
}

export interface PersonRow {
  id: string;
  name: string;
  email: string;
}

export interface IssuerRow {
  organizationId: string;
  name: string;
  url: string | null;
  kind: string;
  did: string;
  createdAt: Date;
  retiredAt: Date | null;
}

export interface CredentialListRow extends CredentialRow {
  holderName: string | null;
}

export interface RequestListRow extends CertificateRequest {
  holderName: string;
  organizationName: string;
  coIssuerName: string;
}

const orgQuery = () =>
  db
    .selectFrom('organizations')
    .select(['id', 'slug', 'name', 'kind', 'url'])
    .$narrowType<{ kind: OrgRow['kind'] }>();

const requestQuery = () =>
  db
    .selectFrom('certificate_requests as r')
    .innerJoin('users as u', 'u.id', 'r.holder_user_id')
    .innerJoin('organizations as o', 'o.id', 'r.organization_id')
    .innerJoin('organizations as c', 'c.id', 'r.co_issuer_organization_id')
    .select([
      'r.id',
      'r.organization_id as organizationId',
      'r.co_issuer_organization_id as coIssuerOrganizationId',
      'r.holder_user_id as holderUserId',
      'r.program_slug as programSlug',
      'r.requested_by as requestedBy',
      'r.requested_at as requestedAt',
      'r.status',
      'r.decided_by as decidedBy',
      'r.decided_at as decidedAt',
      'r.credential_id as credentialId',
      'u.name as holderName',
      'o.name as organizationName',
      'c.name as coIssuerName',
    ])
    .$narrowType<{ status: RequestListRow['status'] }>()
    .orderBy('r.requested_at');

/** Every query of the certificates module. */
@Injectable()
export class CertificatesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Whether the organization opted in to credentials without status entries (never revocable). */
  async allowsUnrevocable(organizationId: string): Promise<boolean> {
    const row = await first(
      this.ds,
      db
        .selectFrom('organizations')
        .select('allow_unrevocable_credentials as allow')
        .where('id', '=', organizationId),
    );
    return row?.allow ?? false;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  // ---- organizations and people --------------------------------------------------------------

  organization(id: string): Promise<OrgRow | undefined> {
    return first(this.ds, orgQuery().where('id', '=', id));
  }

  organizationBySlug(slug: string): Promise<OrgRow | undefined> {
    return first(this.ds, orgQuery().where('slug', '=', slug));
  }

  /** A volunteer of the organization (enabled), or undefined. */
  volunteer(organizationId: string, userId: string): Promise<PersonRow | undefined> {
    return first(
      this.ds,
      db
        .selectFrom('users as u')
        .innerJoin('memberships as m', 'm.user_id', 'u.id')
        .select(['u.id', 'u.name', 'u.email'])
        .where('u.id', '=', userId)
        .where('m.organization_id', '=', organizationId)
        .where('m.role', '=', 'volunteer')
        .where('u.disabled_at', 'is', null),
    );
  }

  people(userIds: string[]): Promise<PersonRow[]> {
    return rows(
      this.ds,
      db.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', anyUuid(userIds)),
    );
  }

  person(userId: string): Promise<PersonRow | undefined> {
    return first(
      this.ds,
      db.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', userId),
    );
  }

  // ---- signing keys ---------------------------------------------------------------------------

  activeKey(organizationId: string): Promise<SigningKey | null> {
    return this.ds.getRepository(SigningKey).findOneBy({ organizationId, retiredAt: IsNull() });
  }

  keyById(id: string): Promise<SigningKey | null> {
    return this.ds.getRepository(SigningKey).findOneBy({ id });
  }

  /** Inserts unless the organization already has an active key (a concurrent first use); true when inserted. */
  async insertKeyIfNone(
    manager: EntityManager | undefined,
    key: Omit<SigningKey, 'id' | 'createdAt' | 'retiredAt'>,
  ): Promise<boolean> {
    const inserted = await rows(
      manager ?? this.ds.manager,
      db
        .insertInto('signing_keys')
        .values({
          organization_id: key.organizationId,
          did: key.did,
          public_key: jsonb(key.publicKey),
          sealed_private: key.sealedPrivate,
        })
        .onConflict((oc) =>
          oc.column('organization_id').where('retired_at', 'is', null).doNothing(),
        )
        .returning('id'),
    );
    return inserted.length > 0;
  }

  async retireActiveKey(manager: EntityManager, organizationId: string, at: Date): Promise<void> {
    await affected(
      manager,
      db
        .updateTable('signing_keys')
        .set({ retired_at: at })
        .where('organization_id', '=', organizationId)
        .where('retired_at', 'is', null),
    );
  }

  /** The public registry: every organization's keys, retired ones too. */
  issuers(): Promise<IssuerRow[]> {
    return rows(
      this.ds,
      db
        .selectFrom('organizations as o')
        .innerJoin('signing_keys as k', 'k.organization_id', 'o.id')
        .select([
          'o.id as organizationId',
          'o.name',
          'o.url',
          'o.kind',
          'k.did',
          'k.created_at as createdAt',
          'k.retired_at as retiredAt',
        ])
        .orderBy('o.name')
        .orderBy('k.created_at'),
    );
  }

  async allDids(): Promise<string[]> {
    const keys = await rows(this.ds, db.selectFrom('signing_keys').select('did'));
    return keys.map((r) => r.did);
  }

  // ---- status lists ---------------------------------------------------------------------------

  listsOfKey(signingKeyId: string): Promise<StatusListRow[]> {
    return this.ds.getRepository(StatusListRow).findBy({ signingKeyId });
  }

  listById(id: string): Promise<StatusListRow | null> {
    return this.ds.getRepository(StatusListRow).findOneBy({ id });
  }

  listByUrl(url: string): Promise<StatusListRow | null> {
    return this.ds.getRepository(StatusListRow).findOneBy({ url });
  }

  async insertListIfNone(row: Omit<StatusListRow, 'updatedAt'>): Promise<void> {
    await affected(
      this.ds,
      db
        .insertInto('status_lists')
        .values({
          id: row.id,
          signing_key_id: row.signingKeyId,
          organization_id: row.organizationId,
          purpose: row.purpose,
          url: row.url,
          encoded_list: row.encodedList,
          credential: jsonb(row.credential),
          valid_until: row.validUntil,
          status_size: row.statusSize,
        })
        .onConflict((oc) => oc.columns(['signing_key_id', 'purpose', 'status_size']).doNothing()),
    );
  }

  /** Locks the list row until the transaction ends: its bits change one writer at a time. */
  lockList(manager: EntityManager, id: string): Promise<StatusListRow | null> {
    return manager
      .getRepository(StatusListRow)
      .createQueryBuilder('l')
      .where('l.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** For each list, the first of its `candidates` no credential holds (by the unique index), or undefined: one query. */
  async firstUnusedIndexes(
    manager: EntityManager,
    wanted: { listId: string; purpose: ListPurpose; candidates: number[] }[],
  ): Promise<(number | undefined)[]> {
    if (wanted.length === 0) return [];
    // Per list: SELECT k, (the first candidate, in order, whose index no row holds) AS i.
    const parts = wanted.map(({ listId, purpose, candidates }, k) =>
      db.selectNoFrom((eb) => [
        sql<number>`${sql.lit(k)}`.as('k'),
        eb
          .selectFrom(
            sql<{ i: number; n: number }>`unnest(${candidates}::int[]) WITH ORDINALITY`.as<'c'>(
              sql`c(i, n)`,
            ),
          )
          .select('c.i')
          .where((w) =>
            w.not(
              w.exists(
                purpose === 'message'
                  ? w
                      .selectFrom('credential_status_messages')
                      .select(sql.lit(1).as('one'))
                      .where('list_id', '=', listId)
                      .whereRef('list_index', '=', 'c.i')
                  : w
                      .selectFrom('credentials')
                      .select(sql.lit(1).as('one'))
                      .where(`${purpose}_list_id`, '=', listId)
                      .whereRef(`${purpose}_index`, '=', 'c.i'),
              ),
            ),
          )
          .orderBy('c.n')
          .limit(1)
          .as('i'),
      ]),
    );
    const found = await rows(
      manager,
      parts.slice(1).reduce((all, part) => all.unionAll(part), parts[0]),
    );
    return wanted.map((_, k) => found.find((r) => r.k === k)?.i ?? undefined);
  }

  async usedIndexes(
    manager: EntityManager,
    listId: string,
    purpose: ListPurpose,
  ): Promise<Set<number>> {
    const used = await rows(
      manager,
      purpose === 'message'
        ? db
            .selectFrom('credential_status_messages')
            .select('list_index as i')
            .where('list_id', '=', listId)
        : db
            .selectFrom('credentials')
            .select((eb) => eb.ref(`${purpose}_index`).as('i'))
            .where(`${purpose}_list_id`, '=', listId)
            // Issuance sets the index together with the list.
            .$narrowType<{ i: number }>(),
    );
    return new Set(used.map((r) => r.i));
  }

  /** The message entries a new credential holds (value 0), in its transaction; an index taken twice fails here. */
  async insertMessageStatus(
    manager: EntityManager,
    credentialId: string,
    entries: { listId: string; index: number }[],
  ): Promise<void> {
    for (const e of entries)
      await affected(
        manager,
        db
          .insertInto('credential_status_messages')
          .values({ credential_id: credentialId, list_id: e.listId, list_index: e.index }),
      );
  }

  /**
   * A credential's message entry (Kindred issues at most one), locked for a change of its value. Found by the
   * credential, not by the list's URL: a list re-homed to a new PUBLIC_URL keeps its rows.
   */
  async lockMessageStatus(
    manager: EntityManager,
    credentialId: string,
  ): Promise<{ listId: string; index: number; value: number; statusSize: number } | undefined> {
    return first(
      manager,
      db
        .selectFrom('credential_status_messages as m')
        .innerJoin('status_lists as l', 'l.id', 'm.list_id')
        .select([
          'm.list_id as listId',
          'm.list_index as index',
          'm.value',
          'l.status_size as statusSize',
        ])
        .where('m.credential_id', '=', credentialId)
        .forUpdate('m'),
    );
  }

  async setMessageValue(
    manager: EntityManager,
    credentialId: string,
    listId: string,
    value: number,
  ): Promise<void> {
    await affected(
      manager,
      db
        .updateTable('credential_status_messages')
        .set({ value })
        .where('credential_id', '=', credentialId)
        .where('list_id', '=', listId),
    );
  }

  async updateList(
    manager: EntityManager,
    id: string,
    encodedList: string,
    credential: object,
    validUntil: Date,
    at: Date,
  ): Promise<void> {
    await affected(
      manager,
      db
        .updateTable('status_lists')
        .set({
          encoded_list: encodedList,
          credential: jsonb(credential),
          valid_until: validUntil,
          updated_at: at,
        })
        .where('id', '=', id),
    );
  }

  async setListUrl(manager: EntityManager, id: string, url: string): Promise<void> {
    await affected(manager, db.updateTable('status_lists').set({ url }).where('id', '=', id));
  }

  /** Lists whose signed credential runs out before `before`: to republish. */
  staleLists(before: Date): Promise<StatusListRow[]> {
    return this.ds
      .getRepository(StatusListRow)
      .createQueryBuilder('l')
      .where('l.valid_until < :before', { before })
      .getMany();
  }

  // ---- credentials ----------------------------------------------------------------------------

  async insertCredential(manager: EntityManager, row: Partial<CredentialRow>): Promise<void> {
    await manager.getRepository(CredentialRow).insert(row as never);
  }

  latestOf(holderUserId: string, programSlug: string): Promise<CredentialRow | null> {
    return this.ds
      .getRepository(CredentialRow)
      .findOne({ where: { holderUserId, programSlug }, order: { issuedAt: 'DESC' } });
  }

  async userIdByEmail(email: string): Promise<string | undefined> {
    const row = await first(
      this.ds,
      db.selectFrom('users').select('id').where('email', '=', email),
    );
    return row?.id;
  }

  credential(id: string): Promise<CredentialRow | null> {
    return this.ds.getRepository(CredentialRow).findOneBy({ id });
  }

  lockCredential(manager: EntityManager, id: string): Promise<CredentialRow | null> {
    return manager
      .getRepository(CredentialRow)
      .createQueryBuilder('c')
      .where('c.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  async credentialExists(id: string): Promise<boolean> {
    return (await this.ds.getRepository(CredentialRow).countBy({ id })) > 0;
  }

  ofHolder(holderUserId: string): Promise<CredentialRow[]> {
    return this.ds
      .getRepository(CredentialRow)
      .find({ where: { holderUserId }, order: { issuedAt: 'DESC' } });
  }

  async ofOrganization(organizationId: string, limit: number): Promise<CredentialListRow[]> {
    const rows = await this.ds
      .getRepository(CredentialRow)
      .createQueryBuilder('c')
      .leftJoin('users', 'u', 'u.id = c.holder_user_id')
      .addSelect('u.name', 'holder_name')
      .where('c.organization_id = :organizationId', { organizationId })
      .orderBy('c.issued_at', 'DESC')
      .limit(limit)
      .getRawAndEntities();
    return rows.entities.map((e, i) =>
      Object.assign(e, { holderName: (rows.raw[i] as { holder_name: string | null }).holder_name }),
    );
  }

  async setState(
    manager: EntityManager,
    id: string,
    state: CredentialState,
    reason: string | null,
    at: Date,
    category: RevocationCategory | null = null,
  ): Promise<void> {
    await affected(
      manager,
      db
        .updateTable('credentials')
        .set({
          state,
          state_reason: reason,
          state_changed_at: at,
          revocation_category: category,
        })
        .where('id', '=', id),
    );
  }

  /** Renewal: the holder's earlier active certificates of the program (or only `only`) point at the new one (they are not revoked). */
  async supersede(
    manager: EntityManager,
    newId: string,
    holderUserId: string,
    programSlug: string,
    only?: string,
  ): Promise<string[]> {
    const renewed = await rows(
      manager,
      db
        .updateTable('credentials')
        .set({ superseded_by: newId })
        .where('holder_user_id', '=', holderUserId)
        .where('program_slug', '=', programSlug)
        .where('id', '<>', newId)
        .where('superseded_by', 'is', null)
        .where('state', '<>', 'revoked')
        .$if(only !== undefined, (qb) => qb.where('id', '=', only!))
        .returning('id'),
    );
    return renewed.map((r) => r.id);
  }

  async setHidden(id: string, hidden: boolean): Promise<void> {
    await affected(this.ds, db.updateTable('credentials').set({ hidden }).where('id', '=', id));
  }

  // ---- co-issuance requests -------------------------------------------------------------------

  async insertRequest(
    manager: EntityManager,
    row: Partial<CertificateRequest>,
  ): Promise<CertificateRequest> {
    return manager.getRepository(CertificateRequest).save(row);
  }

  async pendingRequestExists(holderUserId: string, programSlug: string): Promise<boolean> {
    return (
      (await this.ds
        .getRepository(CertificateRequest)
        .countBy({ holderUserId, programSlug, status: 'pending' })) > 0
    );
  }

  pendingForCoIssuers(coIssuerOrganizationIds: string[]): Promise<RequestListRow[]> {
    return rows(
      this.ds,
      requestQuery()
        .where('r.status', '=', 'pending')
        .where('r.co_issuer_organization_id', '=', anyUuid(coIssuerOrganizationIds)),
    );
  }

  pendingOfOrganization(organizationId: string): Promise<RequestListRow[]> {
    return rows(
      this.ds,
      requestQuery()
        .where('r.status', '=', 'pending')
        .where('r.organization_id', '=', organizationId),
    );
  }

  lockRequest(manager: EntityManager, id: string): Promise<CertificateRequest | null> {
    return manager
      .getRepository(CertificateRequest)
      .createQueryBuilder('r')
      .where('r.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** Decides a request that is still pending (false when it was decided meanwhile): the check and the write in one statement. */
  async decidePending(
    manager: EntityManager,
    id: string,
    status: 'approved' | 'declined',
    by: string | null,
    at: Date,
    credentialId: string | null,
  ): Promise<boolean> {
    const decided = await affected(
      manager,
      db
        .updateTable('certificate_requests')
        .set({ status, decided_by: by, decided_at: at, credential_id: credentialId })
        .where('id', '=', id)
        .where('status', '=', 'pending'),
    );
    return decided === 1;
  }

  requests(ids: string[]): Promise<CertificateRequest[]> {
    return this.ds.getRepository(CertificateRequest).findBy({ id: In(ids) });
  }

  async decideRequest(
    manager: EntityManager,
    id: string,
    status: 'approved' | 'declined',
    by: string | null,
    at: Date,
    credentialId: string | null,
  ): Promise<void> {
    await affected(
      manager,
      db
        .updateTable('certificate_requests')
        .set({ status, decided_by: by, decided_at: at, credential_id: credentialId })
        .where('id', '=', id),
    );
  }

  // ---- API clients ----------------------------------------------------------------------------

  insertClient(row: Partial<ApiClient>): Promise<ApiClient> {
    return this.ds.getRepository(ApiClient).save(row);
  }

  clientsOf(organizationId: string): Promise<ApiClient[]> {
    return this.ds
      .getRepository(ApiClient)
      .find({ where: { organizationId }, order: { createdAt: 'DESC' } });
  }

  clientByClientId(clientId: string): Promise<ApiClient | null> {
    return this.ds.getRepository(ApiClient).findOneBy({ clientId });
  }

  async revokeClient(organizationId: string, id: string, at: Date): Promise<boolean> {
    const res = await this.ds
      .getRepository(ApiClient)
      .update({ id, organizationId, revokedAt: IsNull() }, { revokedAt: at });
    return (res.affected ?? 0) > 0;
  }

  async touchClient(id: string, at: Date): Promise<void> {
    await this.ds.getRepository(ApiClient).update({ id }, { lastUsedAt: at });
  }

  credentialsByIds(ids: string[]): Promise<CredentialRow[]> {
    return ids.length
      ? this.ds.getRepository(CredentialRow).findBy({ id: In(ids) })
      : Promise.resolve([]);
  }
}
