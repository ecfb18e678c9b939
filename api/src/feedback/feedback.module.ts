import { Module } from '@nestjs/common';
import { FeedbackController } from './feedback.controller.js';
import { FeedbackRepository } from './feedback.repository.js';
import { FeedbackService } from './feedback.service.js';

/** Learning loops (issue 20): volunteers' feedback on modules and drills, read by coordinators. */
@Module({ controllers: [FeedbackController], providers: [FeedbackService, FeedbackRepository] })
export class FeedbackModule {}
