import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/access.js';
import type { SessionUser } from '../common/session-user.js';
import { OutboxService } from './outbox.service.js';

export class StoredMailDto {
  @ApiProperty() id: string;
  @ApiProperty() to: string;
  @ApiProperty() subject: string;
  @ApiProperty() text: string;
  @ApiProperty() kind: string;
  @ApiProperty() createdAt: string;
}

@ApiTags('notifications')
@Controller('outbox')
export class OutboxController {
  constructor(private readonly outbox: OutboxService) {}

  @Get()
  @Roles('coordinator')
  @ApiOperation({ summary: 'Mails stored for the organization while no SMTP server is configured', operationId: 'listOutbox' })
  @ApiOkResponse({ type: [StoredMailDto] })
  list(@CurrentUser() user: SessionUser): Promise<StoredMailDto[]> {
    return this.outbox.stored(user);
  }
}
