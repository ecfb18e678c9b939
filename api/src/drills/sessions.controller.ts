import { ReqLang, type Lang } from '../common/i18n.js';
import { Body, Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles, SignedIn } from '../common/access.js';
import type { SessionUser } from '../common/session-user.js';
import { uuidParam } from '../common/validation.js';
import { SessionsService } from './sessions.service.js';
import {
  DrillCandidateDto,
  CreateDrillSessionDto,
  DrillSessionDebriefInputDto,
  DrillNoteInputDto,
  DrillObservationInputDto,
  DrillSessionDto,
  DrillSessionSummaryDto,
} from './sessions.dto.js';

@ApiTags('drill sessions')
@Controller('drill-sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Post()
  @Roles('coordinator', 'supervisor')
  @ApiOperation({
    summary:
      'Schedule a group drill: scenario with timed injects, time, place or link, roles; invites the participants',
    operationId: 'scheduleDrillSession',
  })
  @ApiCreatedResponse({ type: DrillSessionDto })
  create(
    @CurrentUser() user: SessionUser,
    @Body() dto: CreateDrillSessionDto,
  ): Promise<DrillSessionDto> {
    return this.sessions.create(user, dto);
  }

  @Get()
  @SignedIn()
  @ApiOperation({
    summary: 'Group drills you take part in or run',
    operationId: 'listDrillSessions',
  })
  @ApiOkResponse({ type: [DrillSessionSummaryDto] })
  list(@CurrentUser() user: SessionUser): Promise<DrillSessionSummaryDto[]> {
    return this.sessions.list(user);
  }

  @Get('candidates')
  @Roles('coordinator', 'supervisor')
  @ApiOperation({
    summary: 'People who can be given a role in a group drill',
    operationId: 'listDrillSessionCandidates',
  })
  @ApiOkResponse({ type: [DrillCandidateDto] })
  candidates(@CurrentUser() user: SessionUser): Promise<DrillCandidateDto[]> {
    return this.sessions.candidates(user);
  }

  @Get(':id')
  @SignedIn()
  @ApiOperation({
    summary: 'One group drill: injects, roles, notes, rubric and ratings',
    operationId: 'getDrillSession',
  })
  @ApiOkResponse({ type: DrillSessionDto })
  show(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
    @ReqLang() lang: Lang,
  ): Promise<DrillSessionDto> {
    return this.sessions.show(user, id, lang);
  }

  @Get(':id/calendar.ics')
  @SignedIn()
  @Header('content-type', 'text/calendar; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="kindred-drill.ics"')
  @ApiProduces('text/calendar')
  @ApiOperation({
    summary: 'The calendar file (RFC 5545) of a group drill',
    operationId: 'getDrillSessionCalendar',
  })
  @ApiOkResponse({ schema: { type: 'string' } })
  calendar(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
    @ReqLang() lang: Lang,
  ): Promise<string> {
    return this.sessions.calendar(user, id, lang);
  }

  @Post(':id/start')
  @SignedIn()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start the drill clock (facilitator)',
    operationId: 'startDrillSession',
  })
  @ApiOkResponse({ type: DrillSessionDto })
  start(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<DrillSessionDto> {
    return this.sessions.start(user, id);
  }

  @Post(':id/injects/release')
  @SignedIn()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Release the next inject, in order (facilitator)',
    operationId: 'releaseDrillInject',
  })
  @ApiOkResponse({ type: DrillSessionDto })
  release(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<DrillSessionDto> {
    return this.sessions.release(user, id);
  }

  @Post(':id/notes')
  @SignedIn()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record what the team did (facilitator)',
    operationId: 'addDrillSessionNote',
  })
  @ApiOkResponse({ type: DrillSessionDto })
  note(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: DrillNoteInputDto,
  ): Promise<DrillSessionDto> {
    return this.sessions.note(user, id, dto.text);
  }

  @Post(':id/observations')
  @SignedIn()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record attendance and rate a participant on the rubric (observer); becomes evidence',
    operationId: 'observeDrillParticipant',
  })
  @ApiOkResponse({ type: DrillSessionDto })
  observe(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: DrillObservationInputDto,
  ): Promise<DrillSessionDto> {
    return this.sessions.observe(user, id, dto);
  }

  @Post(':id/debrief')
  @SignedIn()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record the debrief and close the drill',
    operationId: 'closeDrillSession',
  })
  @ApiOkResponse({ type: DrillSessionDto })
  close(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: DrillSessionDebriefInputDto,
  ): Promise<DrillSessionDto> {
    return this.sessions.close(user, id, dto.summary);
  }
}
