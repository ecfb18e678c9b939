import { Injectable } from '@nestjs/common';
import { OrganizationsRepository } from './organizations.repository.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { hasRole, type SessionUser } from '../common/session-user.js';

@Injectable()
export class OrganizationsService {
  constructor(private readonly repo: OrganizationsRepository) {}

  async members(user: SessionUser, organizationId: string) {
    if (!hasRole(user, 'coordinator', organizationId))
      throw new DomainError(ErrorCode.Forbidden, 'You coordinate a different organization');
    const rows = await this.repo.members(organizationId);
    return rows.map((r) => ({ ...r, since: r.since.toISOString() }));
  }
}
