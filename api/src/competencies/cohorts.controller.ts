import { ReqLang, type Lang } from '../common/i18n.js';
import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/access.js';
import type { SessionUser } from '../common/session-user.js';
import { CompetenciesService } from './competencies.service.js';
import {
  AssignmentDto,
  AssignmentInputDto,
  ProgramCompetencySummaryDto,
} from './competencies.dto.js';

@ApiTags('cohorts')
@Controller()
export class CohortsController {
  constructor(private readonly competencies: CompetenciesService) {}

  @Get('cohorts/assignments')
  @Roles('coordinator')
  @ApiOperation({
    summary: "Which supervisor each volunteer of the coordinator's organizations has",
    operationId: 'listAssignments',
  })
  @ApiOkResponse({ type: [AssignmentDto] })
  list(@CurrentUser() user: SessionUser): Promise<AssignmentDto[]> {
    return this.competencies.assignments(user);
  }

  @Post('cohorts/assignments')
  @Roles('coordinator')
  @ApiOperation({
    summary:
      "Assign a volunteer to a supervisor (replaces the volunteer's previous supervisor in that organization)",
    operationId: 'assignSupervisor',
  })
  @ApiCreatedResponse({ type: [AssignmentDto] })
  assign(
    @CurrentUser() user: SessionUser,
    @Body() body: AssignmentInputDto,
  ): Promise<AssignmentDto[]> {
    return this.competencies.assign(user, body);
  }

  @Get('program/competencies')
  @Roles('coordinator')
  @ApiOperation({
    summary: 'Program-wide competency counts per level, sign-off turnaround and expiries by month',
    operationId: 'programCompetencies',
  })
  @ApiOkResponse({ type: ProgramCompetencySummaryDto })
  program(
    @CurrentUser() user: SessionUser,
    @ReqLang() lang: Lang,
  ): Promise<ProgramCompetencySummaryDto> {
    return this.competencies.program(user, lang);
  }
}
