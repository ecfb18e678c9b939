import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

export const OCCASIONS = ['drill', 'hours', 'monthly', 'self'] as const;
export type Occasion = (typeof OCCASIONS)[number];
export const SOMEONE = ['yes', 'not_sure', 'no'] as const;
export type Someone = (typeof SOMEONE)[number];
/** How soon a debrief is wanted: within a couple of days, within a week, within a few weeks. */
export const WITHIN = ['days', 'week', 'weeks'] as const;
export type Within = (typeof WITHIN)[number];

export class CheckInInputDto {
  @ApiProperty({ enum: OCCASIONS, description: 'What the check-in follows' })
  @IsIn(OCCASIONS, { message: 'occasion must be drill, hours, monthly or self' })
  occasion: Occasion;
  @ApiProperty({
    minimum: 1,
    maximum: 5,
    description: 'How heavy the work feels: 1 light, 5 very heavy',
  })
  @IsInt({ message: 'weight must be a whole number from 1 to 5' })
  @Min(1, { message: 'weight must be at least 1' })
  @Max(5, { message: 'weight must be at most 5' })
  weight: number;
  @ApiProperty({ minimum: 1, maximum: 5, description: 'How I have been sleeping: 1 badly, 5 well' })
  @IsInt({ message: 'sleep must be a whole number from 1 to 5' })
  @Min(1, { message: 'sleep must be at least 1' })
  @Max(5, { message: 'sleep must be at most 5' })
  sleep: number;
  @ApiProperty({ enum: SOMEONE, description: 'Whether I have someone to talk to' })
  @IsIn(SOMEONE, { message: 'someone must be yes, not_sure or no' })
  someone: Someone;
  @ApiPropertyOptional({ maxLength: 2000, description: 'A note to myself; nobody else sees it' })
  @IsOptional()
  @IsString({ message: 'note must be text' })
  @MaxLength(2000, { message: 'note must be at most 2000 characters' })
  note?: string;
  @ApiPropertyOptional({
    enum: WITHIN,
    nullable: true,
    description:
      'Ask my supervisor(s) for a debrief, this soon; they learn only that one was asked',
  })
  @IsOptional()
  @IsIn(WITHIN, { message: 'debrief must be days, week or weeks' })
  debrief?: Within | null;
}

export class CheckInDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: OCCASIONS }) occasion: Occasion;
  @ApiProperty() weight: number;
  @ApiProperty() sleep: number;
  @ApiProperty({ enum: SOMEONE }) someone: Someone;
  @ApiProperty() note: string;
  @ApiProperty() createdAt: string;
}

export class CheckInSavedDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'A debrief request is open (made now or before)' })
  debriefAsked: boolean;
}

export class MyDebriefDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: WITHIN }) within: Within;
  @ApiProperty() askedAt: string;
  @ApiProperty({ type: String, nullable: true }) heldAt: string | null;
}

export class RestWeekDto {
  @ApiProperty({ example: '2026-01-05' }) startsOn: string;
  @ApiProperty({ example: '2026-01-11', description: 'The last day of rest' }) endsOn: string;
  @ApiProperty({ description: 'Today is in it' }) current: boolean;
}

export class RestWeekInputDto {
  @ApiPropertyOptional({
    example: '2026-01-05',
    description: 'Default: today; at most 60 days ahead',
  })
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'startsOn must be a date (YYYY-MM-DD)' })
  startsOn?: string;
}

export class DeadlineDto {
  @ApiProperty({ enum: ['competency', 'certificate'] }) kind: 'competency' | 'certificate';
  @ApiProperty() name: string;
  @ApiProperty({ description: 'The day it is valid until (YYYY-MM-DD)' }) until: string;
  @ApiProperty({ description: 'It falls inside the rest week (the date does not move)' })
  duringRest: boolean;
}

export class SupportContactDto {
  @ApiProperty() name: string;
  @ApiProperty() email: string;
}

export class MyWellbeingDto {
  @ApiProperty({ type: [CheckInDto], description: 'Oldest first' }) checkIns: CheckInDto[];
  @ApiProperty({ type: RestWeekDto, nullable: true, description: 'The current or next rest week' })
  restWeek: RestWeekDto | null;
  @ApiProperty({
    type: [DeadlineDto],
    description: 'Renewal deadlines of the next 12 months; a rest week never changes them',
  })
  deadlines: DeadlineDto[];
  @ApiProperty({ type: [SupportContactDto], description: "The volunteer's own supervisors" })
  contacts: SupportContactDto[];
  @ApiProperty({ type: [MyDebriefDto], description: 'Newest first' }) debriefs: MyDebriefDto[];
  @ApiProperty({ description: 'No check-in in the last 30 days' }) monthlyDue: boolean;
}

export class DebriefQueueItemDto {
  @ApiProperty() id: string;
  @ApiProperty() volunteerId: string;
  @ApiProperty() volunteerName: string;
  @ApiProperty({ enum: WITHIN }) within: Within;
  @ApiProperty() askedAt: string;
}

export class DebriefHeldInputDto {
  @ApiProperty({ example: '2026-01-31' })
  @IsDateString({ strict: true }, { message: 'heldOn must be a date (YYYY-MM-DD)' })
  heldOn: string;
  @ApiProperty({ minimum: 1, maximum: 5, description: 'Wellbeing, 1 (struggling) to 5 (thriving)' })
  @IsInt({ message: 'wellbeing must be a whole number from 1 to 5' })
  @Min(1, { message: 'wellbeing must be at least 1' })
  @Max(5, { message: 'wellbeing must be at most 5' })
  wellbeing: number;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray({ message: 'topics must be a list' })
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  topics?: string[];
  @ApiPropertyOptional({ description: 'Visible only to this supervisor and this volunteer' })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  privateNotes?: string;
}

export class DebriefHeldDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'The supervision session (kind debrief) recorded' })
  sessionId: string;
}

export class ProgramWellbeingDto {
  @ApiProperty({ description: 'Figures are of the last this many days' }) windowDays: number;
  @ApiProperty({
    description: 'A figure drawn from fewer than this many people is withheld (null)',
  })
  threshold: number;
  @ApiProperty({ type: Number, nullable: true }) checkIns: number | null;
  @ApiProperty({ type: Number, nullable: true }) debriefsAsked: number | null;
  @ApiProperty({ type: Number, nullable: true }) debriefsHeld: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Median hours from a debrief asked to held',
  })
  medianHoursToHold: number | null;
}
