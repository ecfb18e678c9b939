import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/access.js';
import { CsvFile } from '../common/csv.js';
import { LangQueryDto } from '../courses/courses.dto.js';
import type { SessionUser } from '../common/session-user.js';
import { EvaluationDto } from './evaluation.dto.js';
import { EvaluationService } from './evaluation.service.js';

/** A coordinator's program evaluation: aggregates of their own organizations only, small groups withheld. */
@ApiTags('evaluation')
@Controller('evaluation')
export class EvaluationController {
  constructor(private readonly evaluation: EvaluationService) {}

  @Get()
  @Roles('coordinator')
  @ApiOperation({
    summary:
      "Program evaluation of my organizations' volunteers over the last 12 months: funnel (invited → signed in → enrolled → first module → course done → drill passed → signed off → pathway complete → certified → renewed) with median days per step, retention by month of joining, sign-off turnaround (median, p90), verified hours; course and competency names in `lang` where translated; figures from fewer people than `threshold` are null",
    operationId: 'getEvaluation',
  })
  @ApiOkResponse({ type: EvaluationDto })
  get(@CurrentUser() user: SessionUser, @Query() q: LangQueryDto): Promise<EvaluationDto> {
    return this.evaluation.evaluation(user, q.lang);
  }

  @Get('funnel.csv')
  @Roles('coordinator')
  @CsvFile('evaluation-funnel.csv')
  @ApiOperation({
    summary: 'The funnel as CSV: all, then per month invited',
    operationId: 'evaluationFunnelCsv',
  })
  funnel(@CurrentUser() user: SessionUser): Promise<string> {
    return this.evaluation.funnelCsv(user);
  }

  @Get('retention.csv')
  @Roles('coordinator')
  @CsvFile('evaluation-retention.csv')
  @ApiOperation({
    summary: 'Retention as CSV: share active k months after joining, all and per cohort',
    operationId: 'evaluationRetentionCsv',
  })
  retention(@CurrentUser() user: SessionUser): Promise<string> {
    return this.evaluation.retentionCsv(user);
  }

  @Get('turnaround.csv')
  @Roles('coordinator')
  @CsvFile('evaluation-turnaround.csv')
  @ApiOperation({
    summary: 'Sign-off turnaround as CSV: per month decided, then all',
    operationId: 'evaluationTurnaroundCsv',
  })
  turnaround(@CurrentUser() user: SessionUser): Promise<string> {
    return this.evaluation.turnaroundCsv(user);
  }

  @Get('learning.csv')
  @Roles('coordinator')
  @CsvFile('evaluation-before-after.csv')
  @ApiOperation({
    summary:
      'Before and after as CSV: per course and competency, self-ratings at the start and end beside sign-offs and knowledge checks',
    operationId: 'evaluationLearningCsv',
  })
  learning(@CurrentUser() user: SessionUser): Promise<string> {
    return this.evaluation.learningCsv(user);
  }

  @Get('hours.csv')
  @Roles('coordinator')
  @CsvFile('evaluation-hours.csv')
  @ApiOperation({
    summary: 'Verified practice hours per month as CSV',
    operationId: 'evaluationHoursCsv',
  })
  hours(@CurrentUser() user: SessionUser): Promise<string> {
    return this.evaluation.hoursCsv(user);
  }
}
