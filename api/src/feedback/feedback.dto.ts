import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { FEEDBACK_CHOICES, type FeedbackChoice } from './feedback-flags.js';

export class GiveFeedbackDto {
  @ApiProperty({ enum: FEEDBACK_CHOICES })
  @IsIn(FEEDBACK_CHOICES, { message: `choice must be one of ${FEEDBACK_CHOICES.join(', ')}` })
  choice: FeedbackChoice;

  @ApiPropertyOptional({ maxLength: 1000, description: 'optional; kept without the person' })
  @IsOptional()
  @IsString({ message: 'comment must be text' })
  @MaxLength(1000, { message: 'comment must be at most 1000 characters' })
  comment?: string;
}

export class FeedbackStateDto {
  @ApiProperty({ description: 'the person gave feedback on the version they read (or played)' })
  given: boolean;
  @ApiProperty({
    description:
      'there is something to give feedback on (a module in the catalog; a finished attempt)',
  })
  canGive: boolean;
}

export class FeedbackCountsDto {
  @ApiProperty() clear: number;
  @ApiProperty() too_hard: number;
  @ApiProperty() upsetting: number;
  @ApiProperty() not_useful: number;
}

export class FeedbackVersionDto {
  @ApiProperty({ description: '1 for the oldest version with answers, counting up' })
  number: number;
  @ApiProperty({ description: 'the module version id or the drill content hash' }) version: string;
  @ApiProperty({ description: 'this is the content as it is now' }) current: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date',
    description: 'when this version appeared',
  })
  since: string | null;
  @ApiProperty() total: number;
  @ApiProperty({ type: FeedbackCountsDto }) counts: FeedbackCountsDto;
}

export class FeedbackCommentDto {
  @ApiProperty({ description: 'the version number (as in versions)' }) version: number;
  @ApiProperty({ enum: FEEDBACK_CHOICES }) choice: FeedbackChoice;
  @ApiProperty() comment: string;
}

export class FeedbackSubjectDto {
  @ApiProperty({ enum: ['module', 'drill'] }) kind: 'module' | 'drill';
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: [FeedbackVersionDto], description: 'oldest first' })
  versions: FeedbackVersionDto[];
  @ApiProperty({
    enum: FEEDBACK_CHOICES,
    isArray: true,
    description:
      "'upsetting' / 'too_hard' when its share rose from the previous version to the latest",
  })
  flags: FeedbackChoice[];
  @ApiProperty({
    type: [FeedbackCommentDto],
    description: 'in no particular order, without the person',
  })
  comments: FeedbackCommentDto[];
}

export class FeedbackReportDto {
  @ApiProperty({ description: 'fewest answers per version before shares are compared for a flag' })
  minResponsesToCompare: number;
  @ApiProperty({ type: [FeedbackSubjectDto] }) subjects: FeedbackSubjectDto[];
}
