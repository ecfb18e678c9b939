import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ToNumber } from '../common/numbers.js';

export const SESSION_ROLES = ['caller', 'responder', 'observer', 'facilitator'] as const;
export type SessionRole = (typeof SESSION_ROLES)[number];
export const SESSION_KINDS = ['tabletop', 'field'] as const;

export class DrillInjectDto {
  @ApiProperty({ description: 'Minutes after the start' })
  @ToNumber()
  @IsInt({ message: 'minute must be a whole number' })
  @Min(0)
  @Max(480)
  minute: number;
  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'text is required' })
  @MaxLength(1000)
  text: string;
}

export class DrillParticipantInputDto {
  @ApiProperty() @IsUUID('all', { message: 'userId must be a person id' }) userId: string;
  @ApiProperty({ enum: SESSION_ROLES })
  @IsIn(SESSION_ROLES, { message: `role must be one of ${SESSION_ROLES.join(', ')}` })
  role: SessionRole;
}

export class CreateDrillSessionDto {
  @ApiProperty()
  @IsUUID('all', { message: 'organizationId must be an organization id' })
  organizationId: string;
  @ApiProperty({ description: 'The drill whose competencies the observers rate' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  drillId: string;
  @ApiProperty({ enum: SESSION_KINDS })
  @IsIn(SESSION_KINDS, { message: 'kind must be tabletop or field' })
  kind: 'tabletop' | 'field';
  @ApiProperty()
  @IsString()
  @MinLength(3, { message: 'title must be at least 3 characters' })
  @MaxLength(200)
  title: string;
  @ApiProperty({ example: '2026-12-01T18:30:00Z' })
  @IsISO8601({ strict: true }, { message: 'startsAt must be a date and time' })
  startsAt: string;
  @ApiProperty({ minimum: 10, maximum: 480 })
  @ToNumber()
  @IsInt({ message: 'minutes must be a whole number' })
  @Min(10, { message: 'minutes must be at least 10' })
  @Max(480, { message: 'minutes must be at most 480' })
  minutes: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) place?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl(
    { protocols: ['https', 'http'], require_protocol: true },
    { message: 'videoUrl must be a web address' },
  )
  @MaxLength(500)
  videoUrl?: string;
  @ApiProperty({ type: [DrillInjectDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => DrillInjectDto)
  injects: DrillInjectDto[];
  @ApiProperty({ type: [DrillParticipantInputDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'participants must name at least one person' })
  @ArrayMaxSize(40)
  @ValidateNested({ each: true })
  @Type(() => DrillParticipantInputDto)
  participants: DrillParticipantInputDto[];
}

export class DrillNoteInputDto {
  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'text is required' })
  @MaxLength(2000)
  text: string;
}

export class DrillCriterionScoreDto {
  @ApiProperty() @IsString() @MaxLength(50) competencyId: string;
  @ApiProperty() @IsString() @MaxLength(50) criterionId: string;
  @ApiProperty({ description: 'A scale level id, e.g. developing' })
  @IsString()
  @MaxLength(50)
  level: string;
}

export class DrillObservationInputDto {
  @ApiProperty()
  @IsUUID('all', { message: 'participantId must be a person id' })
  participantId: string;
  @ApiProperty() @IsBoolean({ message: 'attended must be true or false' }) attended: boolean;
  @ApiProperty({ type: [DrillCriterionScoreDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => DrillCriterionScoreDto)
  scores: DrillCriterionScoreDto[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class DrillSessionDebriefInputDto {
  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'summary is required' })
  @MaxLength(5000)
  summary: string;
}

export class DrillInjectViewDto {
  @ApiProperty() index: number;
  @ApiProperty() minute: number;
  @ApiProperty() text: string;
  @ApiProperty() released: boolean;
}

export class DrillParticipantDto {
  @ApiProperty() userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: SESSION_ROLES }) role: SessionRole;
  @ApiProperty({ type: Boolean, nullable: true }) attended: boolean | null;
}

export class DrillSessionNoteDto {
  @ApiProperty() minute: number;
  @ApiProperty() text: string;
  @ApiProperty() authorName: string;
  @ApiProperty() createdAt: string;
}

export class DrillRubricCriterionDto {
  @ApiProperty() id: string;
  @ApiProperty() criterion: string;
}

export class DrillRubricCompetencyDto {
  @ApiProperty() competencyId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [DrillRubricCriterionDto] }) criteria: DrillRubricCriterionDto[];
}

export class DrillScaleLevelDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class DrillObservationDto {
  @ApiProperty() participantId: string;
  @ApiProperty() observerId: string;
  @ApiProperty() competencyId: string;
  @ApiProperty() level: string;
}

export class DrillSessionSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: SESSION_KINDS }) kind: 'tabletop' | 'field';
  @ApiProperty() startsAt: string;
  @ApiProperty() minutes: number;
  @ApiProperty({ enum: ['scheduled', 'running', 'closed'] }) status:
    'scheduled' | 'running' | 'closed';
  @ApiProperty({ type: String, nullable: true }) place: string | null;
  @ApiProperty({ type: String, nullable: true }) videoUrl: string | null;
  @ApiProperty({ type: String, nullable: true, enum: SESSION_ROLES }) myRole: SessionRole | null;
}

export class DrillSessionDto extends DrillSessionSummaryDto {
  @ApiProperty() organizationId: string;
  @ApiProperty() drillId: string;
  @ApiProperty() drillTitle: string;
  @ApiProperty({ type: String, nullable: true }) startedAt: string | null;
  @ApiProperty() released: number;
  @ApiProperty({
    type: [DrillInjectViewDto],
    description: 'All injects for facilitators; released ones for everyone else',
  })
  injects: DrillInjectViewDto[];
  @ApiProperty({ type: [DrillParticipantDto] }) participants: DrillParticipantDto[];
  @ApiProperty({ type: [DrillSessionNoteDto] }) notes: DrillSessionNoteDto[];
  @ApiProperty({ type: [DrillRubricCompetencyDto] }) rubric: DrillRubricCompetencyDto[];
  @ApiProperty({ type: [DrillScaleLevelDto] }) scale: DrillScaleLevelDto[];
  @ApiProperty({ type: [DrillObservationDto] }) observations: DrillObservationDto[];
  @ApiProperty({ type: String, nullable: true }) debrief: string | null;
  @ApiProperty() canFacilitate: boolean;
  @ApiProperty() canObserve: boolean;
}

export class DrillCandidateDto {
  @ApiProperty() userId: string;
  @ApiProperty() name: string;
  @ApiProperty() role: string;
}
