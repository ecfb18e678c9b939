import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ToNumber } from '../common/numbers.js';
import { CategoryOptionDto, CategoryTotalDto, DATE, HoursTargetDto } from '../hours/hours.dto.js';

export const CE_STATUSES = ['pending', 'approved', 'rejected'] as const;

export class CeEvidenceFileInputDto {
  @ApiProperty({ example: 'certificate.pdf' })
  @IsString()
  @MinLength(1, { message: 'evidenceFile.name is required' })
  @MaxLength(200)
  name: string;
  @ApiProperty({ description: 'The file in base64 (PDF, PNG or JPEG, at most 512 KiB)' })
  @IsString()
  @MaxLength(800_000, { message: 'evidenceFile.data is too large (at most 512 KiB)' })
  data: string;
}

export class CeInputDto {
  @ApiProperty()
  @IsString()
  @MinLength(3, { message: 'title must be at least 3 characters' })
  @MaxLength(200)
  title: string;
  @ApiProperty({ description: 'Who ran the training' })
  @IsString()
  @MinLength(2, { message: 'provider must be at least 2 characters' })
  @MaxLength(200)
  provider: string;
  @ApiProperty({ description: 'A CE category, e.g. ethics' })
  @IsString()
  @MinLength(1, { message: 'category is required' })
  @MaxLength(50)
  category: string;
  @ApiProperty({ minimum: 0.25, maximum: 200 })
  @ToNumber()
  @IsNumber(
    { maxDecimalPlaces: 2 },
    { message: 'hours must be a number with at most two decimals' },
  )
  @Min(0.25, { message: 'hours must be at least 0.25' })
  @Max(200, { message: 'hours must be at most 200' })
  hours: number;
  @ApiProperty({ example: '2026-10-02' })
  @Matches(DATE, { message: 'completedOn must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'completedOn must be a real date' })
  completedOn: string;
  @ApiPropertyOptional({
    description: 'A link to the evidence (certificate, transcript); or send evidenceFile',
  })
  @IsOptional()
  @IsUrl(
    { protocols: ['https', 'http'], require_protocol: true },
    { message: 'evidenceUrl must be a web address (https://…)' },
  )
  @MaxLength(500)
  evidenceUrl?: string;
  @ApiPropertyOptional({ type: CeEvidenceFileInputDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CeEvidenceFileInputDto)
  evidenceFile?: CeEvidenceFileInputDto;
}

export class CeEntryDto {
  @ApiProperty() id: string;
  @ApiProperty() userId: string;
  @ApiProperty({ enum: ['kindred', 'external'] }) source: 'kindred' | 'external';
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) provider: string | null;
  @ApiProperty() category: string;
  @ApiProperty() hours: number;
  @ApiProperty() completedOn: string;
  @ApiProperty({ type: String, nullable: true }) courseSlug: string | null;
  @ApiProperty({ type: String, nullable: true }) moduleSlug: string | null;
  @ApiProperty({ type: String, nullable: true }) evidenceUrl: string | null;
  @ApiProperty({ type: String, nullable: true }) evidenceFileName: string | null;
  @ApiProperty({ enum: CE_STATUSES }) status: 'pending' | 'approved' | 'rejected';
  @ApiProperty({ type: String, nullable: true }) reviewNote: string | null;
  @ApiProperty({ type: String, nullable: true }) reviewedAt: string | null;
  @ApiProperty() createdAt: string;
}

export class MyCeDto {
  @ApiProperty({ type: [CeEntryDto] }) entries: CeEntryDto[];
  @ApiProperty({ type: [CategoryTotalDto] }) totals: CategoryTotalDto[];
  @ApiProperty({ description: 'Approved CE hours in all categories' }) approvedHours: number;
  @ApiProperty({ type: Number, nullable: true }) requiredHours: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The renewal deadline the quotas count toward (YYYY-MM-DD), if known',
  })
  deadline: string | null;
  @ApiProperty({ description: 'Where the quotas come from: a pathway slug, or "default"' })
  quotaSource: string;
  @ApiProperty({ type: HoursTargetDto }) target: HoursTargetDto;
  @ApiProperty({ type: [CategoryOptionDto] }) categories: CategoryOptionDto[];
}

export class CeQueueEntryDto extends CeEntryDto {
  @ApiProperty() personName: string;
}

export class CeDecisionInputDto {
  @ApiPropertyOptional({ description: 'Required when rejecting: why' })
  @IsOptional()
  @IsString()
  @MaxLength(1000, { message: 'note must be at most 1000 characters' })
  note?: string;
}

export class CeQueueQueryDto {
  @ApiPropertyOptional({ enum: CE_STATUSES })
  @IsOptional()
  @IsIn(CE_STATUSES, { message: `status must be one of ${CE_STATUSES.join(', ')}` })
  status?: 'pending' | 'approved' | 'rejected';
}
