import { Body, Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/access.js';
import type { SessionUser } from '../common/session-user.js';
import {
  PushEndpointDto,
  PushSubscriptionInputDto,
  ReminderScheduleDto,
  ReminderScheduleInputDto,
  RemovedDto,
} from './reminders.dto.js';
import { RemindersService } from './reminders.service.js';

/** A volunteer's own evening reminders and push devices (the reminder names their next module). Nobody reads or changes another's. */
@ApiTags('reminders')
@Controller('me')
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Get('reminders')
  @Roles('volunteer')
  @ApiOperation({
    summary: 'My evening reminders: days, time, time zone, the evening skipped, push',
    operationId: 'getMyReminders',
  })
  @ApiOkResponse({ type: ReminderScheduleDto })
  get(@CurrentUser() user: SessionUser): Promise<ReminderScheduleDto> {
    return this.reminders.schedule(user.id);
  }

  @Put('reminders')
  @Roles('volunteer')
  @ApiOperation({
    summary: 'Choose the evenings, time and time zone of my reminders (no days: off)',
    operationId: 'setMyReminders',
  })
  @ApiOkResponse({ type: ReminderScheduleDto })
  save(
    @CurrentUser() user: SessionUser,
    @Body() body: ReminderScheduleInputDto,
  ): Promise<ReminderScheduleDto> {
    return this.reminders.save(user.id, body);
  }

  @Post('reminders/snooze')
  @Roles('volunteer')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '"Not tonight": skip one evening (tonight while its reminder is to come, else the next)',
    operationId: 'snoozeMyReminder',
  })
  @ApiOkResponse({ type: ReminderScheduleDto })
  snooze(@CurrentUser() user: SessionUser): Promise<ReminderScheduleDto> {
    return this.reminders.snooze(user.id);
  }

  @Post('push-subscriptions')
  @Roles('volunteer')
  @HttpCode(204)
  @ApiOperation({
    summary: "Save this browser's push subscription (endpoint and keys) for my reminders",
    operationId: 'savePushSubscription',
  })
  async subscribe(
    @CurrentUser() user: SessionUser,
    @Body() body: PushSubscriptionInputDto,
  ): Promise<void> {
    await this.reminders.subscribe(user.id, body);
  }

  @Delete('push-subscriptions')
  @Roles('volunteer')
  @ApiOperation({
    summary: "Forget one of my browsers' push subscriptions",
    operationId: 'deletePushSubscription',
  })
  @ApiOkResponse({ type: RemovedDto })
  async unsubscribe(
    @CurrentUser() user: SessionUser,
    @Body() body: PushEndpointDto,
  ): Promise<RemovedDto> {
    return { removed: await this.reminders.unsubscribe(user.id, body.endpoint) };
  }
}
