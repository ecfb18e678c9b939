import { Module } from '@nestjs/common';
import { DrillsController } from './drills.controller.js';
import { DrillsService } from './drills.service.js';
import { DrillsRepository } from './drills.repository.js';

@Module({
  controllers: [DrillsController],
  providers: [DrillsService, DrillsRepository],
})
export class DrillsModule {}
