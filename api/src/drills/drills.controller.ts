import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/access.js';
import type { SessionUser } from '../common/session-user.js';
import { ReqLang, type Lang } from '../common/i18n.js';
import { LangQueryDto } from '../courses/courses.dto.js';
import { DrillsService } from './drills.service.js';
import { IDEMPOTENCY_DOC, IdempotencyKey } from '../common/idempotency.js';
import { uuidParam } from '../common/validation.js';
import {
  DrillAttemptStateDto,
  DrillChoiceResultDto,
  DrillChooseDto,
  DrillOfflineDto,
  DrillDebriefDto,
  DrillReviewDto,
  DrillSummaryDto,
  DrillReflectionDto,
} from './drills.dto.js';

@ApiTags('drills')
@Controller()
export class DrillsController {
  constructor(private readonly drills: DrillsService) {}

  @Get('drills')
  @Roles('volunteer', 'supervisor', 'coordinator')
  @ApiOperation({
    summary: 'The branching drills, with your attempts (staff list them to schedule group drills)',
    operationId: 'listDrills',
  })
  @ApiOkResponse({ type: [DrillSummaryDto] })
  list(
    @CurrentUser() user: SessionUser,
    @Query() q: LangQueryDto,
    @ReqLang() lang: Lang,
  ): Promise<DrillSummaryDto[]> {
    return this.drills.list(user, q.lang ?? lang);
  }

  @Get('drills/:drillId')
  @Roles('volunteer')
  @ApiOperation({
    summary: 'One drill: setting, content note, competencies and your attempts',
    operationId: 'getDrill',
  })
  @ApiOkResponse({ type: DrillSummaryDto })
  one(
    @CurrentUser() user: SessionUser,
    @Param('drillId') drillId: string,
    @Query() q: LangQueryDto,
    @ReqLang() lang: Lang,
  ): Promise<DrillSummaryDto> {
    return this.drills.one(user, drillId, q.lang ?? lang);
  }

  @Post('drills/:drillId/attempts')
  @Roles('volunteer')
  @ApiOperation({
    summary: 'Start a drill, or resume your open attempt at the node where you left it',
    operationId: 'startDrillAttempt',
  })
  @ApiCreatedResponse({ type: DrillAttemptStateDto })
  @ApiHeader(IDEMPOTENCY_DOC)
  start(
    @CurrentUser() user: SessionUser,
    @Param('drillId') drillId: string,
    @Query() q: LangQueryDto,
    @ReqLang() lang: Lang,
    @IdempotencyKey() key?: string,
  ): Promise<DrillAttemptStateDto> {
    return this.drills.start(user, drillId, q.lang ?? lang, key);
  }

  @Get('drills/:drillId/offline')
  @Roles('volunteer')
  @ApiOperation({
    summary:
      'A drill to play with no network: situations, choices and links only (no scores, feedback or outcomes)',
    operationId: 'getDrillOffline',
  })
  @ApiOkResponse({ type: DrillOfflineDto })
  offline(
    @Param('drillId') drillId: string,
    @Query() q: LangQueryDto,
    @ReqLang() lang: Lang,
  ): DrillOfflineDto {
    return this.drills.offline(drillId, q.lang ?? lang);
  }

  @Get('drill-attempts/:id')
  @Roles('volunteer')
  @ApiOperation({
    summary:
      'The current situation of an attempt and its choices (text only: no scores or feedback)',
    operationId: 'getDrillAttempt',
  })
  @ApiOkResponse({ type: DrillAttemptStateDto })
  current(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
    @Query() q: LangQueryDto,
    @ReqLang() lang: Lang,
  ): Promise<DrillAttemptStateDto> {
    return this.drills.current(user, id, q.lang ?? lang);
  }

  @Post('drill-attempts/:id/choices')
  @Roles('volunteer')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Make a choice: its feedback and the next situation',
    operationId: 'chooseInDrill',
  })
  @ApiOkResponse({ type: DrillChoiceResultDto })
  @ApiHeader(IDEMPOTENCY_DOC)
  choose(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: DrillChooseDto,
    @Query() q: LangQueryDto,
    @ReqLang() lang: Lang,
    @IdempotencyKey() key?: string,
  ): Promise<DrillChoiceResultDto> {
    return this.drills.choose(user, id, dto.choice, q.lang ?? lang, key);
  }

  @Get('drill-attempts/:id/debrief')
  @Roles('volunteer')
  @ApiOperation({
    summary: 'The debrief of a finished attempt: path, feedback, per-competency scores, outcome',
    operationId: 'getDrillDebrief',
  })
  @ApiOkResponse({ type: DrillDebriefDto })
  debrief(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
    @Query() q: LangQueryDto,
    @ReqLang() lang: Lang,
  ): Promise<DrillDebriefDto> {
    return this.drills.debrief(user, id, q.lang ?? lang);
  }

  @Put('drill-attempts/:id/reflection')
  @Roles('volunteer')
  @ApiOperation({
    summary: 'Save your private reflection on a finished attempt',
    operationId: 'saveDrillReflection',
  })
  @ApiOkResponse({ type: DrillDebriefDto })
  reflect(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: DrillReflectionDto,
    @Query() q: LangQueryDto,
    @ReqLang() lang: Lang,
  ): Promise<DrillDebriefDto> {
    return this.drills.reflect(user, id, dto.reflection, q.lang ?? lang);
  }

  @Get('drill-reviews')
  @Roles('supervisor')
  @ApiOperation({
    summary:
      'Drill attempts waiting for a supervisor: review endings and flagged choices, with the path',
    operationId: 'listDrillReviews',
  })
  @ApiOkResponse({ type: [DrillReviewDto] })
  reviews(
    @CurrentUser() user: SessionUser,
    @Query() q: LangQueryDto,
    @ReqLang() lang: Lang,
  ): Promise<DrillReviewDto[]> {
    return this.drills.reviews(user, q.lang ?? lang);
  }

  @Post('drill-reviews/:id/close')
  @Roles('supervisor')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Mark a flagged drill attempt as gone over with the volunteer (it leaves the queue)',
    operationId: 'closeDrillReview',
  })
  @ApiNoContentResponse()
  closeReview(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<void> {
    return this.drills.closeReview(user, id);
  }
}
