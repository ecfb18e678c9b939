import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export const PHASES = ['start', 'end'] as const;
export type Phase = (typeof PHASES)[number];

export class SelfRatingInputDto {
  @ApiProperty({ description: 'a competency of the course' })
  @IsString({ message: 'competencyId must be text' })
  @MaxLength(40, { message: 'competencyId must be at most 40 characters' })
  competencyId: string;

  @ApiProperty({ minimum: 1, maximum: 5, description: '1: not sure at all … 5: very sure' })
  @IsInt({ message: 'rating must be a whole number from 1 to 5' })
  @Min(1, { message: 'rating must be a whole number from 1 to 5' })
  @Max(5, { message: 'rating must be a whole number from 1 to 5' })
  rating: number;
}

export class GiveSelfRatingDto {
  @ApiProperty({ enum: PHASES, description: 'the prompt answered: the course’s start or its end' })
  @IsIn(PHASES, { message: 'phase must be one of start, end' })
  phase: Phase;

  @ApiProperty({
    type: [SelfRatingInputDto],
    description: 'the competencies rated; any left out are skipped, and an empty list skips it all',
  })
  @IsArray({ message: 'ratings must be a list' })
  @ArrayMaxSize(40, { message: 'ratings may hold at most 40 entries' })
  @ValidateNested({ each: true })
  @Type(() => SelfRatingInputDto)
  ratings: SelfRatingInputDto[];
}

export class SelfRatingCompetencyDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'the competency’s name, in the language asked for' }) name: string;
  @ApiProperty({ description: 'what it looks like in practice' }) description: string;
}

export class SelfRatingPromptDto {
  @ApiProperty({
    enum: PHASES,
    nullable: true,
    description:
      'what to ask now: start (enrolled, course not done, not answered yet), end (course done, not answered yet), or null',
  })
  ask: Phase | null;
  @ApiProperty({ type: [SelfRatingCompetencyDto] }) competencies: SelfRatingCompetencyDto[];
}
