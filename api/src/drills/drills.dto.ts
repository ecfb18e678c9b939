import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, MaxLength } from 'class-validator';
import { ToNumber } from '../common/numbers.js';
import { LANGS, type Lang } from '../common/i18n.js';
import { TranslationBehindDto } from '../courses/courses.dto.js';

export class DrillAttemptSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['open', 'finished'] }) status: 'open' | 'finished';
  @ApiProperty() startedAt: string;
  @ApiProperty({ type: String, nullable: true }) finishedAt: string | null;
  @ApiProperty({ description: 'Decisions made so far' }) steps: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Total score, once finished' }) score:
    number | null;
  @ApiProperty({ type: Boolean, nullable: true }) passed: boolean | null;
  @ApiProperty({ type: String, nullable: true }) outcome: string | null;
}

export class DrillSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() courseSlug: string;
  @ApiProperty({
    enum: LANGS,
    description: 'the language the texts are in (English without a translation)',
  })
  lang: Lang;
  @ApiProperty({
    type: TranslationBehindDto,
    nullable: true,
    description:
      'set when the English drill changed since this translation was made (it may be behind)',
  })
  translationBehind: TranslationBehindDto | null;
  @ApiProperty() title: string;
  @ApiProperty() setting: string;
  @ApiProperty() minutes: number;
  @ApiProperty({ type: [String] }) competencies: string[];
  @ApiProperty({ type: String, nullable: true }) contentNote: string | null;
  @ApiProperty({ description: 'The most decisions on one path' }) decisions: number;
  @ApiProperty({ description: 'The fewest decisions from the start to an ending' })
  fewestDecisions: number;
  @ApiProperty({ type: [DrillAttemptSummaryDto], description: 'Your attempts, newest first' })
  attempts: DrillAttemptSummaryDto[];
}

export class DrillChoiceViewDto {
  @ApiProperty() index: number;
  @ApiProperty() text: string;
}

/** A node as the browser sees it before choosing: no scores, feedback, flags or targets. */
export class DrillNodeViewDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'The situation (Markdown)' }) text: string;
  @ApiProperty({ type: [DrillChoiceViewDto] }) choices: DrillChoiceViewDto[];
}

export class DrillOfflineChoiceDto {
  @ApiProperty() index: number;
  @ApiProperty() text: string;
  @ApiProperty({ description: 'The node this choice leads to' }) next: string;
}

export class DrillOfflineNodeDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'The situation (Markdown); empty for an ending' }) text: string;
  @ApiProperty({ description: 'An ending: the drill is over, its debrief opens once synced' })
  end: boolean;
  @ApiProperty({ type: [DrillOfflineChoiceDto] }) choices: DrillOfflineChoiceDto[];
}

/** A drill to play offline: the graph's texts and links only (no scores, feedback or outcomes). */
export class DrillOfflineDto {
  @ApiProperty() drillId: string;
  @ApiProperty({ enum: LANGS }) lang: Lang;
  @ApiProperty() title: string;
  @ApiProperty() start: string;
  @ApiProperty({ type: [DrillOfflineNodeDto] }) nodes: DrillOfflineNodeDto[];
}

export class DrillAttemptStateDto {
  @ApiProperty() attemptId: string;
  @ApiProperty() drillId: string;
  @ApiProperty({
    enum: LANGS,
    description: 'the language the texts are in (English without a translation)',
  })
  lang: Lang;
  @ApiProperty() drillTitle: string;
  @ApiProperty({ enum: ['open', 'finished'] }) status: 'open' | 'finished';
  @ApiProperty({ description: 'Decisions made so far' }) steps: number;
  @ApiProperty({ description: 'True when an open attempt was picked up where it was left' })
  resumed: boolean;
  @ApiProperty({
    type: DrillNodeViewDto,
    nullable: true,
    description: 'The current situation (null once finished)',
  })
  node: DrillNodeViewDto | null;
}

export class DrillChooseDto {
  @ApiProperty({ description: 'The 0-based index of the choice' })
  @ToNumber()
  @IsInt({ message: 'choice must be a whole number' })
  choice: number;
}

export class DrillChoiceResultDto {
  @ApiProperty() chosen: string;
  @ApiProperty() feedback: string;
  @ApiProperty() score: number;
  @ApiProperty() finished: boolean;
  @ApiProperty({
    type: DrillNodeViewDto,
    nullable: true,
    description: 'The next situation (null when the drill has ended)',
  })
  next: DrillNodeViewDto | null;
}

export class DrillPathStepDto {
  @ApiProperty() situation: string;
  @ApiProperty() chosen: string;
  @ApiProperty() feedback: string;
  @ApiProperty() score: number;
  @ApiProperty() best: number;
  @ApiProperty({ type: String, nullable: true }) competencyId: string | null;
  @ApiProperty({ type: String, nullable: true }) flag: string | null;
}

export class DrillCompetencyScoreDto {
  @ApiProperty() competencyId: string;
  @ApiProperty() name: string;
  @ApiProperty() earned: number;
  @ApiProperty() possible: number;
  @ApiProperty({ description: '0..1' }) share: number;
}

export class DrillDebriefDto {
  @ApiProperty() attemptId: string;
  @ApiProperty() drillId: string;
  @ApiProperty({
    enum: LANGS,
    description: 'the language the texts are in (English without a translation)',
  })
  lang: Lang;
  @ApiProperty() drillTitle: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The content note of a distressing scenario (the debrief then offers a check-in)',
  })
  contentNote: string | null;
  @ApiProperty({ type: [DrillPathStepDto] }) path: DrillPathStepDto[];
  @ApiProperty({ type: [DrillCompetencyScoreDto] }) competencies: DrillCompetencyScoreDto[];
  @ApiProperty() score: number;
  @ApiProperty() maxScore: number;
  @ApiProperty() pass: number;
  @ApiProperty() passed: boolean;
  @ApiProperty({ enum: ['resolved', 'referred', 'escalated', 'unsafe'] }) outcome: string;
  @ApiProperty({ description: 'What happened at the ending' }) ending: string;
  @ApiProperty() review: boolean;
  @ApiProperty() strongPath: string;
  @ApiProperty() reflectionPrompt: string;
  @ApiProperty({ type: String, nullable: true }) reflection: string | null;
  @ApiProperty() finishedAt: string;
}

export class DrillReflectionDto {
  @ApiProperty({ maxLength: 5000 })
  @IsString({ message: 'reflection must be text' })
  @MaxLength(5000, { message: 'reflection must be at most 5000 characters' })
  reflection: string;
}

export class DrillReviewDto {
  @ApiProperty() id: string;
  @ApiProperty() attemptId: string;
  @ApiProperty() volunteerId: string;
  @ApiProperty() volunteerName: string;
  @ApiProperty() drillId: string;
  @ApiProperty() drillTitle: string;
  @ApiProperty() outcome: string;
  @ApiProperty({ type: [String] }) flags: string[];
  @ApiProperty() score: number;
  @ApiProperty({ type: [DrillPathStepDto] }) path: DrillPathStepDto[];
  @ApiProperty() createdAt: string;
}
