import { Module } from '@nestjs/common';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxService } from './outbox.service.js';
import { OutboxController } from './outbox.controller.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';

@Module({
  providers: [OutboxRepository, OutboxService, NotificationsRepository, NotificationsService],
  controllers: [OutboxController, NotificationsController],
  exports: [OutboxService, NotificationsService],
})
export class NotificationsModule {}
