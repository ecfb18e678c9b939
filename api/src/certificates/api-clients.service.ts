import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Clock } from '../common/clock.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { hasRole, type SessionUser } from '../common/session-user.js';
import type { ApiClient } from './api-client.entity.js';
import { CertificatesRepository } from './certificates.repository.js';
import { ProblemError } from './problem.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Service accounts for `POST /api/credentials/issue` (OAuth2 client-credentials style bearer tokens). */
@Injectable()
export class ApiClientsService {
  constructor(
    private readonly repo: CertificatesRepository,
    private readonly clock: Clock,
  ) {}

  /** The secret is returned once and only its hash is kept. */
  async create(
    user: SessionUser,
    organizationId: string,
    name: string,
  ): Promise<{ client: ApiClient; secret: string; token: string }> {
    this.assertCoordinator(user, organizationId);
    const clientId = `kc_${randomBytes(9).toString('base64url')}`;
    const secret = randomBytes(32).toString('base64url');
    const client = await this.repo.insertClient({
      clientId,
      secretHash: sha256(secret),
      name,
      organizationId,
      createdBy: user.id,
    });
    return { client, secret, token: `${clientId}.${secret}` };
  }

  list(user: SessionUser, organizationId: string): Promise<ApiClient[]> {
    this.assertCoordinator(user, organizationId);
    return this.repo.clientsOf(organizationId);
  }

  async revoke(user: SessionUser, organizationId: string, id: string): Promise<void> {
    this.assertCoordinator(user, organizationId);
    if (!(await this.repo.revokeClient(organizationId, id, this.clock.now())))
      throw new DomainError(
        ErrorCode.NotFound,
        'There is no such active client in your organization',
      );
  }

  /** `Authorization: Bearer <client_id>.<secret>` of a client that is not revoked. */
  async authenticate(authorization: string | undefined): Promise<ApiClient> {
    const refuse = (detail: string) =>
      new ProblemError(401, [
        {
          type: 'https://www.rfc-editor.org/rfc/rfc6750#section-3.1',
          title: 'Not authenticated',
          detail,
        },
      ]);
    const match = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
    if (!match) throw refuse('Send Authorization: Bearer <client_id>.<secret> of an API client');
    const client = await this.repo.clientByClientId(match[1]);
    const expected = Buffer.from(client?.secretHash ?? sha256('no such client'));
    const ok = timingSafeEqual(expected, Buffer.from(sha256(match[2])));
    if (!client || !ok) throw refuse('Unknown client or wrong secret');
    if (client.revokedAt) throw refuse('This API client was revoked');
    await this.repo.touchClient(client.id, this.clock.now());
    return client;
  }

  private assertCoordinator(user: SessionUser, organizationId: string): void {
    if (!hasRole(user, 'coordinator', organizationId))
      throw new DomainError(ErrorCode.Forbidden, 'You coordinate a different organization');
  }
}
