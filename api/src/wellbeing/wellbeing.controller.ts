import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/access.js';
import type { SessionUser } from '../common/session-user.js';
import { uuidParam } from '../common/validation.js';
import {
  CheckInInputDto,
  CheckInSavedDto,
  DebriefHeldDto,
  DebriefHeldInputDto,
  DebriefQueueItemDto,
  MyWellbeingDto,
  ProgramWellbeingDto,
  RestWeekDto,
  RestWeekInputDto,
} from './wellbeing.dto.js';
import { WellbeingService } from './wellbeing.service.js';

/** The volunteer's own check-ins: the only routes that ever return their answers, to them alone. */
@ApiTags('wellbeing')
@Controller('me/wellbeing')
export class MyWellbeingController {
  constructor(private readonly wellbeing: WellbeingService) {}

  @Get()
  @Roles('volunteer')
  @ApiOperation({
    summary: 'My check-ins over time and my debrief requests (nobody else can read these)',
    operationId: 'myWellbeing',
  })
  @ApiOkResponse({ type: MyWellbeingDto })
  mine(@CurrentUser() user: SessionUser): Promise<MyWellbeingDto> {
    return this.wellbeing.mine(user);
  }

  @Put('rest-week')
  @Roles('volunteer')
  @ApiOperation({
    summary:
      'Plan a rest week (seven days from startsOn, today by default): reminders pause; deadlines do not move',
    operationId: 'startRestWeek',
  })
  @ApiOkResponse({ type: RestWeekDto })
  startRest(
    @CurrentUser() user: SessionUser,
    @Body() body: RestWeekInputDto,
  ): Promise<RestWeekDto> {
    return this.wellbeing.startRestWeek(user, body);
  }

  @Delete('rest-week')
  @Roles('volunteer')
  @HttpCode(204)
  @ApiOperation({
    summary: 'End the current rest week today, or cancel the planned one',
    operationId: 'endRestWeek',
  })
  async endRest(@CurrentUser() user: SessionUser): Promise<void> {
    await this.wellbeing.endRestWeek(user);
  }

  @Post('check-ins')
  @Roles('volunteer')
  @ApiOperation({
    summary:
      'A private check-in; with `debrief`, my supervisor(s) learn only that a debrief was asked and how soon',
    operationId: 'checkIn',
  })
  @ApiCreatedResponse({ type: CheckInSavedDto })
  checkIn(
    @CurrentUser() user: SessionUser,
    @Body() body: CheckInInputDto,
  ): Promise<CheckInSavedDto> {
    return this.wellbeing.checkIn(user, body);
  }
}

/** The supervisor's debrief queue: who asked, how soon, since when — never a check-in's answers. */
@ApiTags('supervision')
@Controller('supervision/debriefs')
export class DebriefsController {
  constructor(private readonly wellbeing: WellbeingService) {}

  @Get()
  @Roles('supervisor')
  @ApiOperation({
    summary: "Open debrief requests of the supervisor's cohort, oldest first",
    operationId: 'debriefQueue',
  })
  @ApiOkResponse({ type: [DebriefQueueItemDto] })
  queue(@CurrentUser() user: SessionUser): Promise<DebriefQueueItemDto[]> {
    return this.wellbeing.queue(user);
  }

  @Post(':id/held')
  @Roles('supervisor')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Mark a debrief held: records a supervision session of kind "debrief" and closes the request',
    operationId: 'markDebriefHeld',
  })
  @ApiOkResponse({ type: DebriefHeldDto })
  held(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: DebriefHeldInputDto,
  ): Promise<DebriefHeldDto> {
    return this.wellbeing.markHeld(user, id, body);
  }
}

/** The coordinators' view: aggregates only, withheld below KINDRED_SUPPRESS_BELOW people (default 5). */
@ApiTags('program')
@Controller('program/wellbeing')
export class ProgramWellbeingController {
  constructor(private readonly wellbeing: WellbeingService) {}

  @Get()
  @Roles('coordinator')
  @ApiOperation({
    summary:
      'Check-ins, debriefs asked and held, and the median time to hold, over the last year; a figure from fewer people than the threshold (KINDRED_SUPPRESS_BELOW, default 5) is null',
    operationId: 'programWellbeing',
  })
  @ApiOkResponse({ type: ProgramWellbeingDto })
  program(@CurrentUser() user: SessionUser): Promise<ProgramWellbeingDto> {
    return this.wellbeing.program(user);
  }
}
