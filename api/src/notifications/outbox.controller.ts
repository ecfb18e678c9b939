import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/access.js';
import type { SessionUser } from '../common/session-user.js';
import { uuidParam } from '../common/validation.js';
import { OutboxService } from './outbox.service.js';

export class StoredMailAttachmentDto {
  @ApiProperty() id: string;
  @ApiProperty() filename: string;
  @ApiProperty({ example: 'text/calendar; method=PUBLISH; charset=utf-8' }) contentType: string;
  @ApiProperty({ description: 'size in bytes' }) size: number;
}

export class StoredMailDto {
  @ApiProperty() id: string;
  @ApiProperty() to: string;
  @ApiProperty() subject: string;
  @ApiProperty() text: string;
  @ApiProperty() kind: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: [StoredMailAttachmentDto] }) attachments: StoredMailAttachmentDto[];
}

@ApiTags('notifications')
@Controller('outbox')
export class OutboxController {
  constructor(private readonly outbox: OutboxService) {}

  @Get()
  @Roles('coordinator')
  @ApiOperation({
    summary: 'Mails stored for the organization while no SMTP server is configured',
    operationId: 'listOutbox',
  })
  @ApiOkResponse({ type: [StoredMailDto] })
  list(@CurrentUser() user: SessionUser): Promise<StoredMailDto[]> {
    return this.outbox.stored(user);
  }

  @Get(':id/attachments/:attachmentId')
  @Roles('coordinator')
  @ApiOperation({
    summary: 'Download one attachment of a stored mail (e.g. the .ics of a drill invitation)',
    operationId: 'getOutboxAttachment',
  })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async attachment(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
    @Param('attachmentId', uuidParam('attachmentId')) attachmentId: string,
  ): Promise<StreamableFile> {
    const a = await this.outbox.storedAttachment(user, id, attachmentId);
    return new StreamableFile(a.content, {
      type: a.contentType,
      disposition: `attachment; filename="${a.filename}"`,
      length: a.content.length,
    });
  }
}
