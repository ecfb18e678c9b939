import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/access.js';
import type { SessionUser } from '../common/session-user.js';
import { ReqLang, type Lang } from '../common/i18n.js';
import { CompetenciesService } from './competencies.service.js';
import {
  CohortDto,
  SupervisionSessionCreatedDto,
  DecisionInputDto,
  QueueItemDto,
  ReviewDto,
  SupervisionSessionInputDto,
  SessionLogDto,
  SignoffRequestDto,
  VolunteerEvidenceDto,
} from './competencies.dto.js';
import { CsvFile } from '../common/csv.js';
import { uuidParam } from '../common/validation.js';

@ApiTags('supervision')
@Controller('supervision')
export class SupervisionController {
  constructor(private readonly competencies: CompetenciesService) {}

  @Get('queue')
  @Roles('supervisor')
  @ApiOperation({
    summary:
      "Open sign-off requests of the supervisor's cohort, oldest first, with the evidence behind each",
    operationId: 'signoffQueue',
  })
  @ApiOkResponse({ type: [QueueItemDto] })
  queue(@CurrentUser() user: SessionUser, @ReqLang() lang: Lang): Promise<QueueItemDto[]> {
    return this.competencies.queue(user, lang);
  }

  @Get('requests/:id')
  @Roles('supervisor')
  @ApiOperation({
    summary: 'One sign-off request with its rubric and evidence, for review',
    operationId: 'reviewSignoff',
  })
  @ApiOkResponse({ type: ReviewDto })
  review(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
    @ReqLang() lang: Lang,
  ): Promise<ReviewDto> {
    return this.competencies.requestForReview(user, id, lang);
  }

  @Post('requests/:id/decision')
  @Roles('supervisor')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Score the rubric and sign off, or ask for more practice; the volunteer is notified',
    operationId: 'decideSignoff',
  })
  @ApiOkResponse({ type: SignoffRequestDto })
  decide(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: DecisionInputDto,
  ): Promise<SignoffRequestDto> {
    return this.competencies.decide(user, id, body);
  }

  @Get('cohort')
  @Roles('supervisor')
  @ApiOperation({
    summary:
      "The cohort matrix: the supervisor's volunteers × competencies, with levels and expiry",
    operationId: 'cohortMatrix',
  })
  @ApiOkResponse({ type: CohortDto })
  cohort(@CurrentUser() user: SessionUser, @ReqLang() lang: Lang): Promise<CohortDto> {
    return this.competencies.cohort(user, lang);
  }

  @Get('cohort.csv')
  @Roles('supervisor')
  @CsvFile('cohort.csv')
  @ApiOperation({ summary: 'The cohort matrix as CSV', operationId: 'cohortCsv' })
  csv(@CurrentUser() user: SessionUser, @ReqLang() lang: Lang): Promise<string> {
    return this.competencies.cohortCsv(user, lang);
  }

  @Post('sessions')
  @Roles('supervisor')
  @ApiOperation({
    summary: 'Record a supervision session or debrief with a volunteer of the cohort',
    operationId: 'addSupervisionSession',
  })
  @ApiCreatedResponse({ type: SupervisionSessionCreatedDto })
  addSession(
    @CurrentUser() user: SessionUser,
    @Body() body: SupervisionSessionInputDto,
  ): Promise<SupervisionSessionCreatedDto> {
    return this.competencies.addSession(user, body);
  }

  @Get('volunteers/:volunteerId/sessions')
  @Roles('supervisor', 'volunteer')
  @ApiOperation({
    summary:
      'The supervision log between a volunteer and a supervisor; private notes are visible to those two only',
    operationId: 'supervisionSessions',
  })
  @ApiOkResponse({ type: SessionLogDto })
  async sessions(
    @CurrentUser() user: SessionUser,
    @Param('volunteerId', uuidParam('volunteerId')) volunteerId: string,
  ): Promise<SessionLogDto> {
    const sessions = await this.competencies.sessions(user, volunteerId);
    return { volunteerName: await this.competencies.volunteerName(user, volunteerId), sessions };
  }

  @Get('volunteers/:volunteerId/evidence')
  @Roles('supervisor')
  @ApiOperation({
    summary:
      "A volunteer's evidence, newest first (checks, drills, sign-offs), for a supervisor of their cohort",
    operationId: 'volunteerEvidence',
  })
  @ApiOkResponse({ type: [VolunteerEvidenceDto] })
  evidence(
    @CurrentUser() user: SessionUser,
    @Param('volunteerId', uuidParam('volunteerId')) volunteerId: string,
    @ReqLang() lang: Lang,
  ): Promise<VolunteerEvidenceDto[]> {
    return this.competencies.volunteerEvidence(user, volunteerId, lang);
  }
}
