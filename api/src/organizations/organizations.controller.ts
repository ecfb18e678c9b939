import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/access.js';
import type { SessionUser } from '../common/session-user.js';
import { OrganizationsService } from './organizations.service.js';
import { ROLES, type Role } from './membership.entity.js';

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
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<MemberDto[]> {
    return this.organizations.members(user, id);
  }
}
