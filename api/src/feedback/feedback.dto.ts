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
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'answers; null (withheld) when fewer than `threshold` people answered',
  })
  total: number | null;
  @ApiProperty({
    type: FeedbackCountsDto,
    nullable: true,
    description: 'null (withheld) when fewer than `threshold` people answered',
  })
  counts: FeedbackCountsDto | null;
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
    description:
      'in no particular order, without the person; none from a version answered by fewer than `threshold` people',
  })
  comments: FeedbackCommentDto[];
}

export class FeedbackReportDto {
  @ApiProperty({
    description:
      'a version answered by fewer people than this is withheld (KINDRED_SUPPRESS_BELOW, default 5)',
  })
  threshold: number;
  @ApiProperty({ description: 'fewest answers per version before shares are compared for a flag' })
  minResponsesToCompare: number;
  @ApiProperty({ type: [FeedbackSubjectDto] }) subjects: FeedbackSubjectDto[];
}

export class WrongChoiceDto {
  @ApiProperty() choiceId: string;
  @ApiProperty() text: string;
  @ApiProperty({ description: 'attempts that chose it' }) count: number;
}

export class ItemStatsDto {
  @ApiProperty() questionId: string;
  @ApiProperty() prompt: string;
  @ApiProperty({ description: 'share of attempts right, 0–1' }) facility: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'point-biserial of the item with the rest of the score; null when everyone got it right or wrong',
  })
  discrimination: number | null;
  @ApiProperty({ type: [WrongChoiceDto] }) wrongChoices: WrongChoiceDto[];
  @ApiProperty({
    enum: ['too_easy', 'too_hard', 'negative_discrimination', 'low_discrimination'],
    isArray: true,
  })
  flags: string[];
}

export class ItemGroupDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'attempts of the current version in this group; null (withheld) for 1 to threshold − 1',
  })
  attempts: number | null;
  @ApiProperty({
    type: [ItemStatsDto],
    nullable: true,
    description: 'null below minAttempts',
  })
  items: ItemStatsDto[] | null;
}

export class ModuleItemsDto {
  @ApiProperty() moduleId: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: ItemGroupDto, description: "each person's first attempt at the module" })
  first: ItemGroupDto;
  @ApiProperty({ type: ItemGroupDto, description: 'every later attempt' })
  retakes: ItemGroupDto;
}

export class ItemReportDto {
  @ApiProperty({
    description: 'a group of fewer attempts than this is withheld (KINDRED_SUPPRESS_BELOW)',
  })
  threshold: number;
  @ApiProperty({
    description: 'fewest attempts for item statistics: 10, or the threshold if higher',
  })
  minAttempts: number;
  @ApiProperty() tooEasy: number;
  @ApiProperty() tooHard: number;
  @ApiProperty() lowDiscrimination: number;
  @ApiProperty({ type: [ModuleItemsDto] }) modules: ModuleItemsDto[];
}

export class DrillChoiceStatsDto {
  @ApiProperty({ description: '0-based position among the node’s choices' }) index: number;
  @ApiProperty() text: string;
  @ApiProperty() score: number;
  @ApiProperty({ type: String, nullable: true, description: 'the safety flag, if any' })
  flag: string | null;
  @ApiProperty({ description: 'attempts that took this choice here' }) chosen: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'chosen / every choice made at this node (0–1); null when nobody chose here',
  })
  share: number | null;
}

export class DrillNodeStatsDto {
  @ApiProperty() node: string;
  @ApiProperty({ description: 'attempts that chose here or wait here' }) reached: number;
  @ApiProperty({ description: 'open attempts waiting here, untouched for leftAfterHours' })
  left: number;
  @ApiProperty({ type: [DrillChoiceStatsDto] }) choices: DrillChoiceStatsDto[];
}

export class UnsafeChoiceDto {
  @ApiProperty() node: string;
  @ApiProperty() index: number;
  @ApiProperty() text: string;
  @ApiProperty() flag: string;
  @ApiProperty() chosen: number;
  @ApiProperty({ type: Number, nullable: true }) share: number | null;
}

export class ScoreBinDto {
  @ApiProperty() score: number;
  @ApiProperty({ description: 'finished attempts of the current version with this total' })
  attempts: number;
}

export class DrillVersionOutcomeDto {
  @ApiProperty({ description: '1 for the oldest version attempted' }) number: number;
  @ApiProperty({ description: 'the drill content hash' }) version: string;
  @ApiProperty() current: boolean;
  @ApiProperty({ format: 'date', description: 'first attempt at this version' }) since: string;
  @ApiProperty({ type: Number, nullable: true, description: 'null below the minimum' })
  finished: number | null;
  @ApiProperty({ type: Number, nullable: true }) passed: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'passed / finished, 0–1' })
  passRate: number | null;
}

export class DrillAnalysisDto {
  @ApiProperty() drillId: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'total score needed to pass' }) passMark: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'attempts at the current version; null when made by 1 to threshold − 1 people',
  })
  attempts: number | null;
  @ApiProperty({ description: 'enough attempts and people for the figures below' })
  reported: boolean;
  @ApiProperty({ type: [DrillNodeStatsDto], nullable: true, description: 'in the drill’s order' })
  nodes: DrillNodeStatsDto[] | null;
  @ApiProperty({ type: [UnsafeChoiceDto], nullable: true, description: 'most taken first' })
  unsafe: UnsafeChoiceDto[] | null;
  @ApiProperty({ type: [ScoreBinDto], nullable: true, description: 'lowest score first' })
  scores: ScoreBinDto[] | null;
  @ApiProperty({ type: [DrillVersionOutcomeDto], description: 'oldest first' })
  versions: DrillVersionOutcomeDto[];
}

export class DrillReportDto {
  @ApiProperty({ description: 'KINDRED_SUPPRESS_BELOW: fewest people behind a figure' })
  threshold: number;
  @ApiProperty({ description: 'fewest attempts behind a figure: 10, or the threshold if higher' })
  minAttempts: number;
  @ApiProperty({ description: 'an open attempt untouched this long counts as left' })
  leftAfterHours: number;
  @ApiProperty({ type: [DrillAnalysisDto] }) drills: DrillAnalysisDto[];
}
