import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import { CurrentUser, SignedIn } from '../common/access.js';
import type { SessionUser } from '../common/session-user.js';
import { uuidParam } from '../common/validation.js';
import {
  NOTIFICATION_KINDS,
  NotificationsService,
  type NotificationKind,
} from './notifications.service.js';

export class NotificationDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: NotificationKind;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ type: String, nullable: true, description: 'Where in the app it leads' })
  link: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() read: boolean;
}

export class NotificationListDto {
  @ApiProperty() unread: number;
  @ApiProperty({ type: [NotificationDto], description: 'The latest 100, newest first' })
  items: NotificationDto[];
}

export class UnreadCountDto {
  @ApiProperty() unread: number;
}

export class MarkedDto {
  @ApiProperty() marked: number;
}

const KIND_FLAGS = Object.fromEntries(
  NOTIFICATION_KINDS.map((k) => [k, { type: 'boolean' as const }]),
);

export class NotificationPreferencesDto {
  @ApiProperty({
    type: 'object',
    properties: KIND_FLAGS,
    required: [...NOTIFICATION_KINDS],
    description: 'For each kind: whether it also comes by e-mail',
  })
  email: Record<NotificationKind, boolean>;
}

export class NotificationPreferencesInputDto {
  @ApiProperty({
    type: 'object',
    properties: KIND_FLAGS,
    description: 'Kinds to change: true (send me the e-mail) or false (in the app only)',
  })
  @IsObject({ message: 'email must map notification kinds to true or false' })
  email: Record<string, unknown>;
}

/** A person's own notifications and which of them come by e-mail. Nobody reads or marks another's. */
@ApiTags('notifications')
@Controller('me')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  @SignedIn()
  @ApiOperation({ summary: 'My notifications, newest first', operationId: 'listMyNotifications' })
  @ApiOkResponse({ type: NotificationListDto })
  list(@CurrentUser() user: SessionUser): Promise<NotificationListDto> {
    return this.notifications.list(user.id);
  }

  @Get('notifications/unread')
  @SignedIn()
  @ApiOperation({
    summary: 'How many of my notifications are unread (the header’s count)',
    operationId: 'countMyUnreadNotifications',
  })
  @ApiOkResponse({ type: UnreadCountDto })
  async unread(@CurrentUser() user: SessionUser): Promise<UnreadCountDto> {
    return { unread: await this.notifications.unread(user.id) };
  }

  @Post('notifications/read')
  @SignedIn()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mark all my notifications read',
    operationId: 'markAllNotificationsRead',
  })
  @ApiOkResponse({ type: MarkedDto })
  async readAll(@CurrentUser() user: SessionUser): Promise<MarkedDto> {
    return { marked: await this.notifications.markAllRead(user.id) };
  }

  @Post('notifications/:id/read')
  @SignedIn()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mark one of my notifications read',
    operationId: 'markNotificationRead',
  })
  @ApiOkResponse({ type: MarkedDto })
  async read(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<MarkedDto> {
    await this.notifications.markRead(user.id, id);
    return { marked: 1 };
  }

  @Get('notification-preferences')
  @SignedIn()
  @ApiOperation({
    summary: 'Which kinds of notification also come to me by e-mail',
    operationId: 'getMyNotificationPreferences',
  })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  async preferences(@CurrentUser() user: SessionUser): Promise<NotificationPreferencesDto> {
    return { email: await this.notifications.preferences(user.id) };
  }

  @Put('notification-preferences')
  @SignedIn()
  @ApiOperation({
    summary: 'Choose which kinds of notification also come to me by e-mail',
    operationId: 'setMyNotificationPreferences',
  })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  async setPreferences(
    @CurrentUser() user: SessionUser,
    @Body() body: NotificationPreferencesInputDto,
  ): Promise<NotificationPreferencesDto> {
    return { email: await this.notifications.setPreferences(user.id, body.email) };
  }
}
