import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/access.js';
import { CsvFile } from '../common/csv.js';
import { LangQueryDto } from '../courses/courses.dto.js';
import type { SessionUser } from '../common/session-user.js';
import { uuidParam } from '../common/validation.js';
import { FeedbackService } from './feedback.service.js';
import {
  DrillReportDto,
  FeedbackReportDto,
  FeedbackStateDto,
  GiveFeedbackDto,
  ItemReportDto,
} from './feedback.dto.js';

/**
 * One-tap feedback after a module or a drill (never required for anything), and the coordinators' report
 * of it, which never names a person.
 */
@ApiTags('feedback')
@Controller()
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Get('modules/:id/feedback')
  @Roles('volunteer')
  @ApiOperation({
    summary: 'Whether I gave feedback on the version of this module I read',
    operationId: 'getModuleFeedbackState',
  })
  @ApiOkResponse({ type: FeedbackStateDto })
  moduleState(@CurrentUser() user: SessionUser, @Param('id') id: string) {
    return this.feedback.moduleState(user, id);
  }

  @Post('modules/:id/feedback')
  @HttpCode(200)
  @Roles('volunteer')
  @ApiOperation({
    summary: 'Say how the module was (once per version); kept without my name',
    operationId: 'giveModuleFeedback',
  })
  @ApiOkResponse({ type: FeedbackStateDto })
  giveOnModule(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Body() dto: GiveFeedbackDto,
  ) {
    return this.feedback.giveOnModule(user, id, dto);
  }

  @Get('drill-attempts/:id/feedback')
  @Roles('volunteer')
  @ApiOperation({
    summary: 'Whether I gave feedback on the drill version of this attempt',
    operationId: 'getDrillFeedbackState',
  })
  @ApiOkResponse({ type: FeedbackStateDto })
  drillState(@CurrentUser() user: SessionUser, @Param('id', uuidParam('id')) id: string) {
    return this.feedback.drillState(user, id);
  }

  @Post('drill-attempts/:id/feedback')
  @HttpCode(200)
  @Roles('volunteer')
  @ApiOperation({
    summary: 'Say how the drill was, after its debrief (once per version); kept without my name',
    operationId: 'giveDrillFeedback',
  })
  @ApiOkResponse({ type: FeedbackStateDto })
  giveOnDrill(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: GiveFeedbackDto,
  ) {
    return this.feedback.giveOnDrill(user, id, dto);
  }

  @Get('feedback')
  @Roles('coordinator')
  @ApiOperation({
    summary:
      "Volunteers' feedback per module and drill of my programs: counts per answer and version, flags, comments without names; titles in `lang` where translated",
    operationId: 'getFeedbackReport',
  })
  @ApiOkResponse({ type: FeedbackReportDto })
  report(@CurrentUser() user: SessionUser, @Query() q: LangQueryDto) {
    return this.feedback.report(user, q.lang);
  }

  @Get('feedback.csv')
  @Roles('coordinator')
  @CsvFile('feedback.csv')
  @ApiOperation({
    summary:
      'The feedback table as CSV: counts per answer for each version of each module and drill, and the flags; no comments',
    operationId: 'feedbackCsv',
  })
  feedbackCsv(@CurrentUser() user: SessionUser): Promise<string> {
    return this.feedback.feedbackCsv(user);
  }

  @Get('item-analysis')
  @Roles('coordinator')
  @ApiOperation({
    summary:
      "Knowledge-check item analysis of my programs' volunteers (current versions): facility, point-biserial discrimination, wrong choices, flags; first attempts and retakes apart; titles, prompts and choices in `lang` where translated",
    operationId: 'getItemAnalysis',
  })
  @ApiOkResponse({ type: ItemReportDto })
  items(@CurrentUser() user: SessionUser, @Query() q: LangQueryDto) {
    return this.feedback.itemReport(user, q.lang);
  }

  @Get('item-analysis.csv')
  @Roles('coordinator')
  @CsvFile('item-analysis.csv')
  @ApiOperation({
    summary:
      'The item table as CSV: facility, discrimination, flags and wrong choices per question, first attempts and retakes apart',
    operationId: 'itemAnalysisCsv',
  })
  itemsCsv(@CurrentUser() user: SessionUser): Promise<string> {
    return this.feedback.itemsCsv(user);
  }

  @Get('drill-analysis')
  @Roles('coordinator')
  @ApiOperation({
    summary:
      "Drill analysis of my programs' volunteers: per node of the current version how the choices split and how many left there, the unsafe choices most taken, the score distribution, and the pass rate per version; only from enough attempts and people; texts in `lang` where translated",
    operationId: 'getDrillAnalysis',
  })
  @ApiOkResponse({ type: DrillReportDto })
  drills(@CurrentUser() user: SessionUser, @Query() q: LangQueryDto) {
    return this.feedback.drillReport(user, q.lang);
  }

  @Get('drill-analysis/nodes.csv')
  @Roles('coordinator')
  @CsvFile('drill-nodes.csv')
  @ApiOperation({
    summary: 'The drill node table as CSV: one row per choice of each node',
    operationId: 'drillNodesCsv',
  })
  drillNodesCsv(@CurrentUser() user: SessionUser): Promise<string> {
    return this.feedback.drillNodesCsv(user);
  }

  @Get('drill-analysis/outcomes.csv')
  @Roles('coordinator')
  @CsvFile('drill-outcomes.csv')
  @ApiOperation({
    summary: 'Drill score distribution and pass rate per version as CSV',
    operationId: 'drillOutcomesCsv',
  })
  drillOutcomesCsv(@CurrentUser() user: SessionUser): Promise<string> {
    return this.feedback.drillOutcomesCsv(user);
  }
}
