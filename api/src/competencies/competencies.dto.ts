import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

export class SignoffRequestInputDto {
  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000, { message: 'reflection must be at most 4000 characters' })
  reflection?: string;
  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'Prior learning to count as evidence (e.g. a course taken elsewhere)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  priorLearningNote?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true },
    { message: 'priorLearningLink must be an http(s) address' },
  )
  @MaxLength(2000)
  priorLearningLink?: string;
}

export class DecisionInputDto {
  @ApiProperty({ enum: ['sign_off', 'practice'] })
  @IsIn(['sign_off', 'practice'], { message: 'decision must be sign_off or practice' })
  decision: 'sign_off' | 'practice';
  @ApiProperty({ description: 'A scale level id' })
  @IsString({ message: 'level must be a scale level' })
  @MaxLength(40)
  level: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'rubric criterion id → scale level id',
  })
  @IsObject({ message: 'scores must map each rubric criterion to a level' })
  scores: Record<string, string>;
  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'comment is required' })
  @MaxLength(4000)
  comment: string;
  @ApiPropertyOptional({ description: 'What to practice (required when asking for more practice)' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  practice?: string;
}

export class AssignmentInputDto {
  @ApiProperty()
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId: string;
  @ApiProperty() @IsUUID('all', { message: 'supervisorId must be a UUID' }) supervisorId: string;
  @ApiProperty() @IsUUID('all', { message: 'volunteerId must be a UUID' }) volunteerId: string;
}

export class AssignmentDto {
  @ApiProperty() organizationId: string;
  @ApiProperty() supervisorId: string;
  @ApiProperty() supervisorName: string;
  @ApiProperty() volunteerId: string;
  @ApiProperty() volunteerName: string;
}

export class SupervisionSessionInputDto {
  @ApiProperty() @IsUUID('all', { message: 'volunteerId must be a UUID' }) volunteerId: string;
  @ApiProperty({ enum: ['session', 'debrief'] })
  @IsIn(['session', 'debrief'], { message: 'kind must be session or debrief' })
  kind: 'session' | 'debrief';
  @ApiProperty({ example: '2026-01-31' })
  @IsDateString({ strict: true }, { message: 'heldOn must be a date (YYYY-MM-DD)' })
  heldOn: string;
  @ApiProperty({ type: [String] })
  @IsArray({ message: 'topics must be a list' })
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  topics: string[];
  @ApiProperty({
    minimum: 1,
    maximum: 5,
    description: 'Wellbeing check-in, 1 (struggling) to 5 (thriving)',
  })
  @IsInt({ message: 'wellbeing must be a whole number from 1 to 5' })
  @Min(1, { message: 'wellbeing must be at least 1' })
  @Max(5, { message: 'wellbeing must be at most 5' })
  wellbeing: number;
  @ApiPropertyOptional({ description: 'Visible only to this supervisor and this volunteer' })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  privateNotes?: string;
}

export class SupervisionSessionDto {
  @ApiProperty() id: string;
  @ApiProperty() supervisorId: string;
  @ApiProperty() supervisorName: string;
  @ApiProperty() volunteerId: string;
  @ApiProperty({ enum: ['session', 'debrief'] }) kind: 'session' | 'debrief';
  @ApiProperty() heldOn: string;
  @ApiProperty({ type: [String] }) topics: string[];
  @ApiProperty() wellbeing: number;
  @ApiProperty() privateNotes: string;
}

export class SessionLogDto {
  @ApiProperty() volunteerName: string;
  @ApiProperty({ type: [SupervisionSessionDto] }) sessions: SupervisionSessionDto[];
}

export class SupervisionSessionCreatedDto {
  @ApiProperty() id: string;
}

export class SignoffRequestDto {
  @ApiProperty() id: string;
  @ApiProperty() volunteerId: string;
  @ApiProperty() competencyId: string;
  @ApiProperty({ enum: ['volunteer', 'auto'] }) origin: 'volunteer' | 'auto';
  @ApiProperty({ enum: ['open', 'practice', 'signed_off'] }) status:
    'open' | 'practice' | 'signed_off';
  @ApiProperty({ type: String, nullable: true }) reflection: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) decidedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) level: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, nullable: true })
  scores: Record<string, string> | null;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ type: String, nullable: true }) practice: string | null;
}

export class CompetencyEvidenceDto {
  @ApiProperty() id: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'What it is about, by name: the module of a knowledge check, the drill of an attempt',
  })
  subject: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who recorded it (a supervisor)' })
  actorName: string | null;
  @ApiProperty() source: string;
  @ApiProperty({ type: String, nullable: true }) level: string | null;
  @ApiProperty({ type: Number, nullable: true }) grade: number | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, nullable: true }) link: string | null;
  @ApiProperty({ type: String, nullable: true }) sourceRef: string | null;
  @ApiProperty({ type: String, nullable: true }) correctsId: string | null;
  @ApiProperty() createdAt: string;
}

export class VolunteerEvidenceDto extends CompetencyEvidenceDto {
  @ApiProperty() competencyId: string;
  @ApiProperty({ description: 'The competency’s name in the language asked for' })
  competencyName: string;
}

export class QueueItemDto extends SignoffRequestDto {
  @ApiProperty() volunteerName: string;
  @ApiProperty() competencyName: string;
  @ApiProperty() ageDays: number;
  @ApiProperty({ type: [CompetencyEvidenceDto] }) evidence: CompetencyEvidenceDto[];
}

export class RubricCriterionDto {
  @ApiProperty() id: string;
  @ApiProperty() criterion: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) levels: Record<
    string,
    string
  >;
}

export class ReviewDto extends SignoffRequestDto {
  @ApiProperty() volunteerName: string;
  @ApiProperty() competencyName: string;
  @ApiProperty({ type: [RubricCriterionDto] }) rubric: RubricCriterionDto[];
  @ApiProperty({ type: [CompetencyEvidenceDto] }) evidence: CompetencyEvidenceDto[];
}

export class MapEntryDto {
  @ApiProperty() competencyId: string;
  @ApiProperty() name: string;
  @ApiProperty() domain: string;
  @ApiProperty() level: string;
  @ApiProperty() levelIndex: number;
  @ApiProperty() proficient: boolean;
  @ApiProperty({ enum: ['current', 'expired'] }) status: 'current' | 'expired';
  @ApiProperty({ type: String, nullable: true }) validUntil: string | null;
  @ApiProperty({
    enum: ['course_work', 'signoff', 'renewal'],
    nullable: true,
    description: 'What stands between this rating and proficient',
  })
  missing: 'course_work' | 'signoff' | 'renewal' | null;
  @ApiProperty({ type: SignoffRequestDto, nullable: true }) request: SignoffRequestDto | null;
}

export class CompetencyScaleLevelDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() proficient: boolean;
  @ApiProperty() description: string;
}

export class CompetencyDto {
  @ApiProperty() id: string;
  @ApiProperty() domain: string;
  @ApiProperty() domainName: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [String] }) behaviors: string[];
  @ApiProperty({ type: [RubricCriterionDto] }) rubric: RubricCriterionDto[];
  @ApiProperty() validityMonths: number;
  @ApiProperty({ type: [CompetencyScaleLevelDto] }) scale: CompetencyScaleLevelDto[];
  @ApiProperty({ description: 'The CASE item URI' }) uri: string;
}

export class CohortCellDto {
  @ApiProperty() competencyId: string;
  @ApiProperty() level: string;
  @ApiProperty({ enum: ['current', 'expired'] }) status: string;
  @ApiProperty({ type: String, nullable: true }) validUntil: string | null;
  @ApiProperty() expiringSoon: boolean;
}

export class CohortVolunteerDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [CohortCellDto] }) cells: CohortCellDto[];
}

export class CompetencyRefDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class CohortDto {
  @ApiProperty({ type: [CompetencyRefDto] }) competencies: CompetencyRefDto[];
  @ApiProperty({ type: [CohortVolunteerDto] }) volunteers: CohortVolunteerDto[];
}

export class CompetencyLevelCountDto {
  @ApiProperty() level: string;
  @ApiProperty() name: string;
  @ApiProperty() n: number;
}

export class TurnaroundDto {
  @ApiProperty() decided: number;
  @ApiProperty() open: number;
  @ApiProperty({ type: Number, nullable: true }) medianHours: number | null;
  @ApiProperty({ type: Number, nullable: true }) p90Hours: number | null;
}

export class CompetencyMonthCountDto {
  @ApiProperty({ example: '2026-03' }) month: string;
  @ApiProperty() n: number;
}

export class ProgramCompetencySummaryDto {
  @ApiProperty({ type: [CompetencyLevelCountDto] }) levels: CompetencyLevelCountDto[];
  @ApiProperty() expired: number;
  @ApiProperty({ type: TurnaroundDto }) turnaround: TurnaroundDto;
  @ApiProperty({ type: [CompetencyMonthCountDto] }) expiringByMonth: CompetencyMonthCountDto[];
}
