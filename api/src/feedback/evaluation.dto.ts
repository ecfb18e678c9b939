import { ApiProperty } from '@nestjs/swagger';
import { FUNNEL_STEPS, type FunnelStep } from './evaluation.js';

const withheld = 'null when drawn from 1 to threshold − 1 people';

export class FunnelStepDto {
  @ApiProperty({ enum: FUNNEL_STEPS }) step: FunnelStep;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: `people who reached this step and every one before it; ${withheld}`,
  })
  reached: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'share of the invited, 0–1' })
  shareOfInvited: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'median days from the step before (null for the first step)',
  })
  medianDays: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'reached this step and not the next (null for the last step)',
  })
  stoppedHere: number | null;
}

export class CohortFunnelDto {
  @ApiProperty({ description: 'YYYY-MM the cohort was invited' }) month: string;
  @ApiProperty({ type: [FunnelStepDto] }) steps: FunnelStepDto[];
}

export class FunnelDto {
  @ApiProperty({ type: [FunnelStepDto], description: 'everyone, all time' }) all: FunnelStepDto[];
  @ApiProperty({ type: [CohortFunnelDto], description: 'per month invited, oldest first' })
  cohorts: CohortFunnelDto[];
}

export class RetentionCohortDto {
  @ApiProperty({ description: 'YYYY-MM they joined' }) month: string;
  @ApiProperty({ type: Number, nullable: true, description: withheld }) people: number | null;
  @ApiProperty({
    type: 'array',
    items: { type: 'number', nullable: true },
    description:
      'share active k months after joining (k = index; 0 the month they joined), 0–1; null when withheld',
  })
  active: (number | null)[];
}

export class RetentionPointDto {
  @ApiProperty() monthsAfter: number;
  @ApiProperty({ description: 'people of the cohorts shown that were this many months in' })
  people: number;
  @ApiProperty({ type: Number, nullable: true, description: 'share of them active, 0–1' })
  share: number | null;
}

export class RetentionDto {
  @ApiProperty({ type: [RetentionCohortDto] }) cohorts: RetentionCohortDto[];
  @ApiProperty({ type: [RetentionPointDto] }) overall: RetentionPointDto[];
}

export class TurnaroundRowDto {
  @ApiProperty({ description: "YYYY-MM of the decision, or 'all'" }) month: string;
  @ApiProperty({ type: Number, nullable: true }) decided: number | null;
  @ApiProperty({ type: Number, nullable: true }) medianHours: number | null;
  @ApiProperty({ type: Number, nullable: true }) p90Hours: number | null;
}

export class HoursRowDto {
  @ApiProperty({ description: 'YYYY-MM worked' }) month: string;
  @ApiProperty({ type: Number, nullable: true }) people: number | null;
  @ApiProperty({ type: Number, nullable: true }) entries: number | null;
  @ApiProperty({ type: Number, nullable: true }) hours: number | null;
}

export class CompetencyLearningDto {
  @ApiProperty() competencyId: string;
  @ApiProperty() name: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'people who rated it at the start and the end; ' + withheld,
  })
  people: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'mean self-rating at the start, 1–5' })
  before: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'mean self-rating at the end, 1–5' })
  after: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'share whose rating rose, 0–1' })
  rose: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'share a supervisor signed off on this competency, 0–1',
  })
  signedOff: number | null;
}

export class CourseLearningDto {
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: Number, nullable: true, description: 'people who rated at the start' })
  ratedAtStart: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'people who rated at both ends' })
  ratedBoth: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'share of ratedBoth who passed every knowledge check of the course, 0–1',
  })
  passedChecks: number | null;
  @ApiProperty({ type: [CompetencyLearningDto] }) competencies: CompetencyLearningDto[];
}

export class EvaluationDto {
  @ApiProperty({
    description:
      'figures from fewer people than this are withheld (KINDRED_SUPPRESS_BELOW, default 5; the wellbeing figures and the map use the same)',
  })
  threshold: number;
  @ApiProperty({ description: 'the months covered, oldest first (YYYY-MM)', type: [String] })
  months: string[];
  @ApiProperty({ type: FunnelDto }) funnel: FunnelDto;
  @ApiProperty({ type: RetentionDto }) retention: RetentionDto;
  @ApiProperty({ type: [TurnaroundRowDto], description: "per month, then 'all'" })
  turnaround: TurnaroundRowDto[];
  @ApiProperty({ type: [HoursRowDto] }) hours: HoursRowDto[];
  @ApiProperty({
    type: [CourseLearningDto],
    description:
      'before and after: self-rated confidence per competency at a course’s start and end (people who rated both), beside knowledge checks passed and sign-offs',
  })
  learning: CourseLearningDto[];
}
