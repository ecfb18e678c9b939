import { Injectable } from '@nestjs/common';
import { OrganizationsRepository } from './organizations.repository.js';
import type { Organization } from './organization.entity.js';
import type { ReportingRulesDto, UpdateReportingRulesDto } from './reporting-rules.js';
import { Clock } from '../common/clock.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { hasRole, type SessionUser } from '../common/session-user.js';

export const reportingRulesDto = (o: Organization): ReportingRulesDto => ({
  organizationId: o.id,
  organizationName: o.name,
  state: o.reportingState,
  route: o.reportingRoute,
  updatedAt: o.reportingUpdatedAt?.toISOString() ?? null,
});

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly repo: OrganizationsRepository,
    private readonly clock: Clock,
  ) {}

  async members(user: SessionUser, organizationId: string) {
    this.mustCoordinate(user, organizationId);
    const rows = await this.repo.members(organizationId);
    return rows.map((r) => ({ ...r, since: r.since.toISOString() }));
  }

  async reportingRules(user: SessionUser, organizationId: string): Promise<ReportingRulesDto> {
    this.mustCoordinate(user, organizationId);
    const org = (await this.repo.reportingRules([organizationId])).at(0);
    if (!org)
      throw new DomainError(ErrorCode.NotFound, 'Only a program has reporting rules to set.');
    return reportingRulesDto(org);
  }

  async setReportingRules(
    user: SessionUser,
    organizationId: string,
    body: UpdateReportingRulesDto,
  ): Promise<ReportingRulesDto> {
    await this.reportingRules(user, organizationId);
    const route = body.route?.trim() || null;
    await this.repo.setReportingRules(organizationId, body.state ?? null, route, this.clock.now());
    return this.reportingRules(user, organizationId);
  }

  private mustCoordinate(user: SessionUser, organizationId: string): void {
    if (!hasRole(user, 'coordinator', organizationId))
      throw new DomainError(ErrorCode.Forbidden, 'You coordinate a different organization');
  }
}
