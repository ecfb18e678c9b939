import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
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

/** Every query of the certificates module. */
@Injectable()
export class CertificatesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Whether the organization opted in to credentials without status entries (never revocable). */
  async allowsUnrevocable(organizationId: string): Promise<boolean> {
    const [row] = await this.ds.query<{ allow: boolean }[]>(
      `SELECT allow_unrevocable_credentials AS allow FROM organizations WHERE id = $1`,
      [organizationId],
    );
    return row?.allow;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  // ---- organizations and people --------------------------------------------------------------

  async organization(id: string): Promise<OrgRow | undefined> {
    const [row] = await this.ds.query(
      'SELECT id, slug, name, kind, url FROM organizations WHERE id = $1',
      [id],
    );
    return row;
  }

  async organizationBySlug(slug: string): Promise<OrgRow | undefined> {
    const [row] = await this.ds.query(
      'SELECT id, slug, name, kind, url FROM organizations WHERE slug = $1',
      [slug],
    );
    return row;
  }

  /** A volunteer of the organization (enabled), or undefined. */
  async volunteer(organizationId: string, userId: string): Promise<PersonRow | undefined> {
    const [row] = await this.ds.query(
      `SELECT u.id, u.name, u.email FROM users u JOIN memberships m ON m.user_id = u.id
        WHERE u.id = $1 AND m.organization_id = $2 AND m.role = 'volunteer' AND u.disabled_at IS NULL`,
      [userId, organizationId],
    );
    return row;
  }

  async people(userIds: string[]): Promise<PersonRow[]> {
    return this.ds.query('SELECT id, name, email FROM users WHERE id = ANY($1::uuid[])', [userIds]);
  }

  async person(userId: string): Promise<PersonRow | undefined> {
    const [row] = await this.ds.query('SELECT id, name, email FROM users WHERE id = $1', [userId]);
    return row;
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
    const rows = await (manager ?? this.ds.manager).query(
      `INSERT INTO signing_keys (organization_id, did, public_key, sealed_private) VALUES ($1, $2, $3, $4)
       ON CONFLICT (organization_id) WHERE retired_at IS NULL DO NOTHING RETURNING id`,
      [key.organizationId, key.did, JSON.stringify(key.publicKey), key.sealedPrivate],
    );
    return rows.length > 0;
  }

  async retireActiveKey(manager: EntityManager, organizationId: string, at: Date): Promise<void> {
    await manager.query(
      'UPDATE signing_keys SET retired_at = $2 WHERE organization_id = $1 AND retired_at IS NULL',
      [organizationId, at],
    );
  }

  /** The public registry: every organization's keys, retired ones too. */
  async issuers(): Promise<IssuerRow[]> {
    const rows = await this.ds.query(
      `SELECT o.id, o.name, o.url, o.kind, k.did, k.created_at, k.retired_at
         FROM organizations o JOIN signing_keys k ON k.organization_id = o.id
        ORDER BY o.name, k.created_at`,
    );
    return rows.map((r: Record<string, never>) => ({
      organizationId: r.id,
      name: r.name,
      url: r.url,
      kind: r.kind,
      did: r.did,
      createdAt: r.created_at,
      retiredAt: r.retired_at,
    }));
  }

  async allDids(): Promise<string[]> {
    const rows: { did: string }[] = await this.ds.query('SELECT did FROM signing_keys');
    return rows.map((r) => r.did);
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
    await this.ds.query(
      `INSERT INTO status_lists (id, signing_key_id, organization_id, purpose, url, encoded_list, credential, valid_until, status_size)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (signing_key_id, purpose, status_size) DO NOTHING`,
      [
        row.id,
        row.signingKeyId,
        row.organizationId,
        row.purpose,
        row.url,
        row.encodedList,
        JSON.stringify(row.credential),
        row.validUntil,
        row.statusSize,
      ],
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
    const parts = wanted.map(({ purpose }, k) => {
      const taken =
        purpose === 'message'
          ? `SELECT 1 FROM credential_status_messages WHERE list_id = $${2 * k + 1} AND list_index = c.i`
          : `SELECT 1 FROM credentials WHERE ${purpose}_list_id = $${2 * k + 1} AND ${purpose}_index = c.i`;
      return `SELECT ${k} AS k, (SELECT c.i FROM unnest($${2 * k + 2}::int[]) WITH ORDINALITY AS c(i, n)
                WHERE NOT EXISTS (${taken})
                ORDER BY c.n LIMIT 1) AS i`;
    });
    const rows: { k: number; i: number | null }[] = await manager.query(
      parts.join(' UNION ALL '),
      wanted.flatMap((w) => [w.listId, w.candidates]),
    );
    return wanted.map((_, k) => rows.find((r) => r.k === k)?.i ?? undefined);
  }

  async usedIndexes(
    manager: EntityManager,
    listId: string,
    purpose: ListPurpose,
  ): Promise<Set<number>> {
    const rows: { i: number }[] = await manager.query(
      purpose === 'message'
        ? 'SELECT list_index AS i FROM credential_status_messages WHERE list_id = $1'
        : `SELECT ${purpose}_index AS i FROM credentials WHERE ${purpose}_list_id = $1`,
      [listId],
    );
    return new Set(rows.map((r) => r.i));
  }

  /** The message entries a new credential holds (value 0), in its transaction; an index taken twice fails here. */
  async insertMessageStatus(
    manager: EntityManager,
    credentialId: string,
    entries: { listId: string; index: number }[],
  ): Promise<void> {
    for (const e of entries)
      await manager.query(
        'INSERT INTO credential_status_messages (credential_id, list_id, list_index) VALUES ($1, $2, $3)',
        [credentialId, e.listId, e.index],
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
    const [row] = await manager.query<
      { listId: string; index: number; value: number; statusSize: number }[]
    >(
      `SELECT m.list_id AS "listId", m.list_index AS "index", m.value, l.status_size AS "statusSize"
         FROM credential_status_messages m JOIN status_lists l ON l.id = m.list_id
        WHERE m.credential_id = $1 FOR UPDATE OF m`,
      [credentialId],
    );
    return row;
  }

  async setMessageValue(
    manager: EntityManager,
    credentialId: string,
    listId: string,
    value: number,
  ): Promise<void> {
    await manager.query(
      'UPDATE credential_status_messages SET value = $3 WHERE credential_id = $1 AND list_id = $2',
      [credentialId, listId, value],
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
    await manager.query(
      'UPDATE status_lists SET encoded_list = $2, credential = $3, valid_until = $4, updated_at = $5 WHERE id = $1',
      [id, encodedList, JSON.stringify(credential), validUntil, at],
    );
  }

  async setListUrl(manager: EntityManager, id: string, url: string): Promise<void> {
    await manager.query('UPDATE status_lists SET url = $2 WHERE id = $1', [id, url]);
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
    const [row] = await this.ds.query('SELECT id FROM users WHERE email = $1', [email]);
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
    await manager.query(
      'UPDATE credentials SET state = $2, state_reason = $3, state_changed_at = $4, revocation_category = $5 WHERE id = $1',
      [id, state, reason, at, category],
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
    const rows: { id: string }[] = await manager.query(
      `WITH renewed AS (
         UPDATE credentials SET superseded_by = $1
          WHERE holder_user_id = $2 AND program_slug = $3 AND id <> $1 AND superseded_by IS NULL AND state <> 'revoked'
            AND ($4::uuid IS NULL OR id = $4)
          RETURNING id)
       SELECT id FROM renewed`,
      [newId, holderUserId, programSlug, only ?? null],
    );
    return rows.map((r) => r.id);
  }

  async setHidden(id: string, hidden: boolean): Promise<void> {
    await this.ds.query('UPDATE credentials SET hidden = $2 WHERE id = $1', [id, hidden]);
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

  private async requestsWhere(where: string, params: unknown[]): Promise<RequestListRow[]> {
    const rows = await this.ds.query(
      `SELECT r.*, u.name AS holder_name, o.name AS organization_name, c.name AS co_issuer_name
         FROM certificate_requests r JOIN users u ON u.id = r.holder_user_id JOIN organizations o ON o.id = r.organization_id
         JOIN organizations c ON c.id = r.co_issuer_organization_id
        WHERE ${where} ORDER BY r.requested_at`,
      params,
    );
    return rows.map((r: Record<string, never>) => ({
      id: r.id,
      organizationId: r.organization_id,
      coIssuerOrganizationId: r.co_issuer_organization_id,
      holderUserId: r.holder_user_id,
      programSlug: r.program_slug,
      requestedBy: r.requested_by,
      requestedAt: r.requested_at,
      status: r.status,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
      credentialId: r.credential_id,
      holderName: r.holder_name,
      organizationName: r.organization_name,
      coIssuerName: r.co_issuer_name,
    }));
  }

  pendingForCoIssuers(coIssuerOrganizationIds: string[]): Promise<RequestListRow[]> {
    return this.requestsWhere(`r.status = 'pending' AND r.co_issuer_organization_id = ANY($1)`, [
      coIssuerOrganizationIds,
    ]);
  }

  pendingOfOrganization(organizationId: string): Promise<RequestListRow[]> {
    return this.requestsWhere(`r.status = 'pending' AND r.organization_id = $1`, [organizationId]);
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
    const rows: unknown[] = await manager.query(
      `WITH decided AS (
         UPDATE certificate_requests SET status = $2, decided_by = $3, decided_at = $4, credential_id = $5 WHERE id = $1 AND status = 'pending' RETURNING id)
       SELECT id FROM decided`,
      [id, status, by, at, credentialId],
    );
    return rows.length === 1;
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
    await manager.query(
      'UPDATE certificate_requests SET status = $2, decided_by = $3, decided_at = $4, credential_id = $5 WHERE id = $1',
      [id, status, by, at, credentialId],
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
