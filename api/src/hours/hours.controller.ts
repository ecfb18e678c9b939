import type { Request } from 'express';
import { ReqLang, requestLang, type Lang } from '../common/i18n.js';
import { HoursRules } from './hours.rules.js';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/access.js';
import type { SessionUser } from '../common/session-user.js';
import { HoursService } from './hours.service.js';
import {
  MyPracticeHoursDto,
  PracticeHoursEntryDto,
  PracticeHoursInputDto,
  ReturnHoursInputDto,
  SupervisedHoursDto,
  SupervisedHoursEntryDto,
  SupervisedHoursQueryDto,
  VerifyWeekInputDto,
  VerifyWeekResultDto,
} from './hours.dto.js';
import { CsvFile } from '../common/csv.js';
import { uuidParam } from '../common/validation.js';

@ApiTags('practice hours')
@Controller('practice-hours')
export class PracticeHoursController {
  constructor(
    private readonly hours: HoursService,
    private readonly rules: HoursRules,
  ) {}

  @Get()
  @Roles('volunteer')
  @ApiOperation({
    summary: 'My practice hours: entries with their status, and verified totals per category',
    operationId: 'myPracticeHours',
  })
  @ApiOkResponse({ type: MyPracticeHoursDto })
  async mine(@CurrentUser() user: SessionUser, @Req() req: Request): Promise<MyPracticeHoursDto> {
    const mine = await this.hours.mine(user);
    return { ...mine, target: this.rules.localizeTarget(mine.target, requestLang(req)) };
  }

  @Get('export.csv')
  @Roles('volunteer')
  @CsvFile('practice-hours.csv')
  @ApiOperation({
    summary:
      'My practice hours log as CSV (date, hours, category, setting, status, who reviewed it and when)',
    operationId: 'myPracticeHoursCsv',
  })
  mineCsv(@CurrentUser() user: SessionUser, @ReqLang() lang: Lang): Promise<string> {
    return this.hours.mineCsv(user, lang);
  }

  @Post()
  @Roles('volunteer')
  @ApiOperation({
    summary: 'Log a shift or practice for your supervisor to verify; client details are refused',
    operationId: 'logPracticeHours',
  })
  @ApiCreatedResponse({ type: PracticeHoursEntryDto })
  log(
    @CurrentUser() user: SessionUser,
    @Body() body: PracticeHoursInputDto,
  ): Promise<PracticeHoursEntryDto> {
    return this.hours.log(user, body);
  }

  @Put(':id')
  @Roles('volunteer')
  @ApiOperation({
    summary:
      'Change an entry that is not verified yet; a returned entry goes back to the supervisor',
    operationId: 'resubmitPracticeHours',
  })
  @ApiOkResponse({ type: PracticeHoursEntryDto })
  resubmit(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: PracticeHoursInputDto,
  ): Promise<PracticeHoursEntryDto> {
    return this.hours.resubmit(user, id, body);
  }
}

@ApiTags('practice hours')
@Controller('supervision/practice-hours')
export class SupervisedHoursController {
  constructor(private readonly hours: HoursService) {}

  @Get()
  @Roles('supervisor')
  @ApiOperation({
    summary:
      "Practice hours of the supervisor's own cohort, with the weeks that have entries waiting",
    operationId: 'cohortPracticeHours',
  })
  @ApiOkResponse({ type: SupervisedHoursDto })
  list(
    @CurrentUser() user: SessionUser,
    @Query() query: SupervisedHoursQueryDto,
  ): Promise<SupervisedHoursDto> {
    return this.hours.cohort(user, query);
  }

  @Get('export.csv')
  @Roles('supervisor')
  @CsvFile('cohort-practice-hours.csv')
  @ApiOperation({
    summary: "Every practice hours entry of the supervisor's own cohort as CSV",
    operationId: 'cohortPracticeHoursCsv',
  })
  cohortCsv(@CurrentUser() user: SessionUser, @ReqLang() lang: Lang): Promise<string> {
    return this.hours.cohortCsv(user, lang);
  }

  @Post('verify-week')
  @Roles('supervisor')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Verify every submitted entry of the cohort in one week (Monday to Sunday); each is audited',
    operationId: 'verifyPracticeWeek',
  })
  @ApiOkResponse({ type: VerifyWeekResultDto })
  verifyWeek(
    @CurrentUser() user: SessionUser,
    @Body() body: VerifyWeekInputDto,
  ): Promise<VerifyWeekResultDto> {
    return this.hours.verifyWeek(user, body.weekOf, body.expectedCount);
  }

  @Post(':id/verify')
  @Roles('supervisor')
  @HttpCode(200)
  @ApiOperation({
    summary: "Verify an entry of a volunteer in the supervisor's cohort",
    operationId: 'verifyPracticeHours',
  })
  @ApiOkResponse({ type: SupervisedHoursEntryDto })
  verify(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<SupervisedHoursEntryDto> {
    return this.hours.verify(user, id);
  }

  @Post(':id/return')
  @Roles('supervisor')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Return an entry to the volunteer with a note saying what to change',
    operationId: 'returnPracticeHours',
  })
  @ApiOkResponse({ type: SupervisedHoursEntryDto })
  return(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: ReturnHoursInputDto,
  ): Promise<SupervisedHoursEntryDto> {
    return this.hours.return(user, id, body.note);
  }
}
