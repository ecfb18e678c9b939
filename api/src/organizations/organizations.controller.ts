import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/access.js';
import type { SessionUser } from '../common/session-user.js';
import { uuidParam } from '../common/validation.js';
import { OrganizationsService } from './organizations.service.js';
import { ROLES, type Role } from './membership.entity.js';
import { ReportingRulesDto, UpdateReportingRulesDto } from './reporting-rules.js';

export class MemberDto {
  @ApiProperty() userId: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() since: string;
}

@ApiTags('organizations')
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get(':id/members')
  @Roles('coordinator')
  @ApiOperation({
    summary: "The people in a coordinator's organization, with their roles",
    operationId: 'listMembers',
  })
  @ApiOkResponse({ type: [MemberDto] })
  members(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<MemberDto[]> {
    return this.organizations.members(user, id);
  }

  @Get(':id/reporting-rules')
  @Roles('coordinator')
  @ApiOperation({
    summary:
      "A program's reporting rules (state and route), as its volunteers see them in a module",
    operationId: 'getReportingRules',
  })
  @ApiOkResponse({ type: ReportingRulesDto })
  reportingRules(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<ReportingRulesDto> {
    return this.organizations.reportingRules(user, id);
  }

  @Put(':id/reporting-rules')
  @Roles('coordinator')
  @ApiOperation({
    summary: "Set a program's reporting rules: the state whose law applies and the reporting route",
    operationId: 'setReportingRules',
  })
  @ApiOkResponse({ type: ReportingRulesDto })
  setReportingRules(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: UpdateReportingRulesDto,
  ): Promise<ReportingRulesDto> {
    return this.organizations.setReportingRules(user, id, body);
  }
}
