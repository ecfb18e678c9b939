import { Module } from '@nestjs/common';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxService } from './outbox.service.js';
import { OutboxController } from './outbox.controller.js';

@Module({
  providers: [OutboxRepository, OutboxService],
  controllers: [OutboxController],
  exports: [OutboxService],
})
export class NotificationsModule {}
