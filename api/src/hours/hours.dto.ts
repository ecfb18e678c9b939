import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { ToNumber } from '../common/numbers.js';

export const PRACTICE_STATUSES = ['submitted', 'verified', 'returned'] as const;
export const DATE = /^\d{4}-\d{2}-\d{2}$/;

// ---- practice hours

export class PracticeHoursInputDto {
  @ApiProperty({ example: '2026-11-20', description: 'The day of the shift or practice' })
  @Matches(DATE, { message: 'workedOn must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'workedOn must be a real date' })
  workedOn: string;
  @ApiProperty({ minimum: 0.25, maximum: 24, example: 3.5 })
  @ToNumber()
  @IsNumber(
    { maxDecimalPlaces: 2 },
    { message: 'hours must be a number with at most two decimals' },
  )
  @Min(0.25, { message: 'hours must be at least 0.25' })
  @Max(24, { message: 'hours must be at most 24' })
  hours: number;
  @ApiProperty({ description: 'Where, e.g. "drop-in centre" — never client details' })
  @IsString()
  @MinLength(2, { message: 'setting must be at least 2 characters' })
  @MaxLength(200, { message: 'setting must be at most 200 characters' })
  setting: string;
  @ApiProperty({ description: 'A practice hours category of the pathway, e.g. one-to-one' })
  @IsString()
  @MinLength(1, { message: 'category is required' })
  @MaxLength(50)
  category: string;
  @ApiPropertyOptional({
    description:
      'What you practised and learned; visible to you and your supervisor only — never client details',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000, { message: 'reflection must be at most 2000 characters' })
  reflection?: string;
}

export class PracticeHoursEntryDto {
  @ApiProperty() id: string;
  @ApiProperty() volunteerId: string;
  @ApiProperty() workedOn: string;
  @ApiProperty() hours: number;
  @ApiProperty() setting: string;
  @ApiProperty() category: string;
  @ApiProperty({ type: String, nullable: true }) reflection: string | null;
  @ApiProperty({ enum: PRACTICE_STATUSES }) status: 'submitted' | 'verified' | 'returned';
  @ApiProperty({ type: String, nullable: true }) reviewedByName: string | null;
  @ApiProperty({ type: String, nullable: true }) reviewedAt: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the supervisor returned the entry',
  })
  reviewNote: string | null;
  @ApiProperty() createdAt: string;
}

export class CategoryTotalDto {
  @ApiProperty() category: string;
  @ApiProperty() label: string;
  @ApiProperty({ description: 'Hours that count: verified practice hours, or approved CE hours' })
  hours: number;
  @ApiProperty({ description: 'Hours still waiting for review' }) pendingHours: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The hours the pathway asks for in this category, if any',
  })
  required: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Of the counted hours, those that count toward the current target (since countedFrom), as the pathway engine computes them',
  })
  counted: number | null;
}

export class HoursTargetDto {
  @ApiProperty({
    description: 'A pathway slug, or "default" (the built-in quotas when no pathway applies)',
  })
  source: string;
  @ApiProperty({ type: String, nullable: true }) pathwayName: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The stage (or renewal of a stage) the hours count toward',
  })
  toward: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Hours count from this day (YYYY-MM-DD)',
  })
  countedFrom: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The deadline the quotas count toward (YYYY-MM-DD), if any',
  })
  deadline: string | null;
  @ApiProperty({ type: Number, nullable: true }) requiredHours: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Hours that count toward requiredHours',
  })
  countedHours: number | null;
}

export class CategoryOptionDto {
  @ApiProperty() id: string;
  @ApiProperty() label: string;
}

export class MyPracticeHoursDto {
  @ApiProperty({ type: [PracticeHoursEntryDto] }) entries: PracticeHoursEntryDto[];
  @ApiProperty({ type: [CategoryTotalDto] }) totals: CategoryTotalDto[];
  @ApiProperty({ description: 'Verified hours in all categories' }) verifiedHours: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The total the pathway asks for, if any',
  })
  requiredHours: number | null;
  @ApiProperty({ type: HoursTargetDto }) target: HoursTargetDto;
  @ApiProperty({ type: [CategoryOptionDto] }) categories: CategoryOptionDto[];
}

export class SupervisedHoursEntryDto extends PracticeHoursEntryDto {
  @ApiProperty() volunteerName: string;
  @ApiProperty({ description: 'Monday of the entry’s week (YYYY-MM-DD)' }) weekOf: string;
}

export class HoursWeekDto {
  @ApiProperty({ description: 'Monday of the week (YYYY-MM-DD)' }) weekOf: string;
  @ApiProperty() submitted: number;
  @ApiProperty() hours: number;
}

export class SupervisedHoursDto {
  @ApiProperty({ type: [SupervisedHoursEntryDto] }) entries: SupervisedHoursEntryDto[];
  @ApiProperty({
    type: [HoursWeekDto],
    description: 'Weeks with entries waiting for verification, newest first',
  })
  weeks: HoursWeekDto[];
  @ApiProperty({ type: [CategoryOptionDto] }) categories: CategoryOptionDto[];
}

export class ReturnHoursInputDto {
  @ApiProperty({ description: 'What the volunteer should change' })
  @IsString()
  @MinLength(3, { message: 'note must say what to change (at least 3 characters)' })
  @MaxLength(1000, { message: 'note must be at most 1000 characters' })
  note: string;
}

export class VerifyWeekInputDto {
  @ApiProperty({
    example: '2026-11-16',
    description: 'Any day of the week (weeks run Monday to Sunday)',
  })
  @Matches(DATE, { message: 'weekOf must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'weekOf must be a real date' })
  weekOf: string;
  @ApiPropertyOptional({
    description:
      'The number of entries the supervisor confirmed; if the week changed since, nothing is verified (409)',
  })
  @IsOptional()
  @ToNumber()
  @IsInt({ message: 'expectedCount must be a whole number' })
  @Min(0)
  expectedCount?: number;
}

export class VerifyWeekResultDto {
  @ApiProperty() weekOf: string;
  @ApiProperty() verified: number;
  @ApiProperty() hours: number;
}

export class SupervisedHoursQueryDto {
  @ApiPropertyOptional({ enum: PRACTICE_STATUSES })
  @IsOptional()
  @IsIn(PRACTICE_STATUSES, { message: `status must be one of ${PRACTICE_STATUSES.join(', ')}` })
  status?: 'submitted' | 'verified' | 'returned';
  @ApiPropertyOptional({ description: 'Any day of a week: only that week' })
  @IsOptional()
  @Matches(DATE, { message: 'weekOf must be a date (YYYY-MM-DD)' })
  weekOf?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'volunteerId must be a person id' })
  volunteerId?: string;
}
