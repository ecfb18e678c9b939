import { ApiProperty } from '@nestjs/swagger';

const STATUSES = ['trainee', 'provisional', 'current', 'renewed', 'lapsed'] as const;
export type PathwayStatus = (typeof STATUSES)[number];
const KINDS = [
  'course',
  'drill',
  'competency',
  'practice_hours',
  'supervision_sessions',
  'ce_hours',
] as const;
const WINDOWS = ['not_open', 'open', 'grace', 'closed'] as const;

export class PathwayRefDto {
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
}

export class PathwayChecklistItemDto {
  @ApiProperty({ enum: KINDS }) kind: (typeof KINDS)[number];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Course slug, drill id, competency id or hours category; null for a total',
  })
  ref: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Course or drill title, competency name, category label',
  })
  label: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Competencies: the level required' })
  level: string | null;
  @ApiProperty() have: number;
  @ApiProperty() need: number;
  @ApiProperty() met: boolean;
}

export class PathwayProgressDto {
  @ApiProperty({ description: 'Hours, sessions and CE count from this day (YYYY-MM-DD)' })
  countedFrom: string;
  @ApiProperty() missing: number;
  @ApiProperty({ type: [PathwayChecklistItemDto] }) items: PathwayChecklistItemDto[];
}

export class PathwayNextStageDto extends PathwayProgressDto {
  @ApiProperty() stageId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String, description: 'The last day to reach it' }) deadline:
    string | null;
  @ApiProperty({ nullable: true, type: Number }) daysLeft: number | null;
}

export class PathwayRenewalDto extends PathwayProgressDto {
  @ApiProperty() stageId: string;
  @ApiProperty({ description: 'Valid through the day before' }) validUntil: string;
  @ApiProperty() opensOn: string;
  @ApiProperty({ description: 'The short route is open through the day before' }) closesOn: string;
  @ApiProperty({ enum: WINDOWS }) window: (typeof WINDOWS)[number];
  @ApiProperty() renewals: number;
  @ApiProperty({
    type: PathwayProgressDto,
    nullable: true,
    description: 'Once the short route has closed: the full route',
  })
  fullRoute: PathwayProgressDto | null;
}

export class PathwayLapseDto {
  @ApiProperty() since: string;
  @ApiProperty({ enum: ['deadline', 'renewal'] }) reason: 'deadline' | 'renewal';
  @ApiProperty({ enum: ['complete_next', 'renew_short', 'full_route'] }) wayBack:
    'complete_next' | 'renew_short' | 'full_route';
  @ApiProperty({ nullable: true, type: String }) until: string | null;
}

export class PathwayStageRefDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class PathwayStageStepDto extends PathwayStageRefDto {
  @ApiProperty() reached: boolean;
  @ApiProperty({ nullable: true, type: String }) on: string | null;
}

export class PathwayEventDto {
  @ApiProperty() on: string;
  @ApiProperty({ enum: ['reached', 'lapsed', 'recovered', 'renewed'] }) kind:
    'reached' | 'lapsed' | 'recovered' | 'renewed';
  @ApiProperty() stageId: string;
}

export class PathwayViewDto {
  @ApiProperty({ type: PathwayRefDto }) pathway: PathwayRefDto;
  @ApiProperty({ type: PathwayStageRefDto }) stage: PathwayStageRefDto;
  @ApiProperty() since: string;
  @ApiProperty({ enum: STATUSES }) status: PathwayStatus;
  @ApiProperty({ type: PathwayLapseDto, nullable: true }) lapse: PathwayLapseDto | null;
  @ApiProperty({ type: PathwayNextStageDto, nullable: true }) next: PathwayNextStageDto | null;
  @ApiProperty({ type: PathwayRenewalDto, nullable: true }) renewal: PathwayRenewalDto | null;
  @ApiProperty({ type: [PathwayStageStepDto] }) stages: PathwayStageStepDto[];
  @ApiProperty({ type: [PathwayEventDto] }) events: PathwayEventDto[];
}

export class PathwayStageCountDto extends PathwayStageRefDto {
  @ApiProperty() count: number;
}

export class PathwayStatusCountsDto {
  @ApiProperty() trainee: number;
  @ApiProperty() provisional: number;
  @ApiProperty() current: number;
  @ApiProperty() renewed: number;
  @ApiProperty() lapsed: number;
}

export class PathwayPersonDto {
  @ApiProperty() userId: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty() stageId: string;
  @ApiProperty() stageName: string;
  @ApiProperty({ enum: STATUSES }) status: PathwayStatus;
  @ApiProperty() since: string;
  @ApiProperty({ nullable: true, type: String }) nextStage: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'The next date that matters: a stage deadline, the expiry, or the short route closing',
  })
  deadline: string | null;
  @ApiProperty({ nullable: true, type: Number }) daysLeft: number | null;
  @ApiProperty({ nullable: true, type: String }) validUntil: string | null;
  @ApiProperty({ nullable: true, enum: WINDOWS }) renewalWindow: (typeof WINDOWS)[number] | null;
  @ApiProperty() missing: number;
  @ApiProperty({ description: 'Practice hours submitted and not yet verified' })
  awaitingHours: number;
}

export class PathwayAwaitingVerificationDto {
  @ApiProperty() people: number;
  @ApiProperty() hours: number;
}

export class PathwayOverviewDto {
  @ApiProperty({ type: PathwayRefDto }) pathway: PathwayRefDto;
  @ApiProperty() today: string;
  @ApiProperty({ type: [PathwayStageCountDto] }) stages: PathwayStageCountDto[];
  @ApiProperty({ type: PathwayStatusCountsDto }) statuses: PathwayStatusCountsDto;
  @ApiProperty({ type: [PathwayPersonDto] }) people: PathwayPersonDto[];
  @ApiProperty({ type: [PathwayPersonDto] }) closeToDeadline: PathwayPersonDto[];
  @ApiProperty({ type: PathwayAwaitingVerificationDto })
  awaitingVerification: PathwayAwaitingVerificationDto;
}
