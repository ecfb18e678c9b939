import { Module } from '@nestjs/common';
import { EvaluationController } from './evaluation.controller.js';
import { EvaluationRepository } from './evaluation.repository.js';
import { EvaluationService } from './evaluation.service.js';
import { FeedbackController } from './feedback.controller.js';
import { FeedbackRepository } from './feedback.repository.js';
import { FeedbackService } from './feedback.service.js';

/**
 * Learning loops (issue 20): volunteers' feedback on modules and drills, read by coordinators, and the
 * program evaluation.
 */
@Module({
  controllers: [FeedbackController, EvaluationController],
  providers: [FeedbackService, FeedbackRepository, EvaluationService, EvaluationRepository],
})
export class FeedbackModule {}
