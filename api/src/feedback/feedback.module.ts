import { Module } from '@nestjs/common';
import { EvaluationController } from './evaluation.controller.js';
import { EvaluationRepository } from './evaluation.repository.js';
import { EvaluationService } from './evaluation.service.js';
import { FeedbackController } from './feedback.controller.js';
import { FeedbackRepository } from './feedback.repository.js';
import { FeedbackService } from './feedback.service.js';
import { SelfRatingsController } from './self-ratings.controller.js';
import { SelfRatingsRepository } from './self-ratings.repository.js';
import { SelfRatingsService } from './self-ratings.service.js';

/**
 * Learning loops (issue 20): volunteers' feedback on modules and drills, read by coordinators, and the
 * program evaluation with the before-and-after self-ratings.
 */
@Module({
  controllers: [FeedbackController, EvaluationController, SelfRatingsController],
  providers: [
    FeedbackService,
    FeedbackRepository,
    EvaluationService,
    EvaluationRepository,
    SelfRatingsService,
    SelfRatingsRepository,
  ],
})
export class FeedbackModule {}
