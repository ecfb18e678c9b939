import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/** The 50 states, DC and the five inhabited territories: the places whose reporting law a program follows. */
export const US_STATES = [
  'AL',
  'AK',
  'AZ',
  'AR',
  'CA',
  'CO',
  'CT',
  'DE',
  'DC',
  'FL',
  'GA',
  'HI',
  'ID',
  'IL',
  'IN',
  'IA',
  'KS',
  'KY',
  'LA',
  'ME',
  'MD',
  'MA',
  'MI',
  'MN',
  'MS',
  'MO',
  'MT',
  'NE',
  'NV',
  'NH',
  'NJ',
  'NM',
  'NY',
  'NC',
  'ND',
  'OH',
  'OK',
  'OR',
  'PA',
  'RI',
  'SC',
  'SD',
  'TN',
  'TX',
  'UT',
  'VT',
  'VA',
  'WA',
  'WV',
  'WI',
  'WY',
  'AS',
  'GU',
  'MP',
  'PR',
  'VI',
] as const;

export const ROUTE_MAX = 2000;

/** What a program has written down about reporting (module "When you must share" shows it). */
export class ReportingRulesDto {
  @ApiProperty() organizationId: string;
  @ApiProperty() organizationName: string;
  @ApiProperty({ type: String, nullable: true, enum: US_STATES }) state: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'who reports, to whom and how fast' })
  route: string | null;
  @ApiProperty({ type: String, nullable: true }) updatedAt: string | null;
}

/** The coordinator's form: both fields are replaced; empty or missing clears a field. */
export class UpdateReportingRulesDto {
  @ApiPropertyOptional({ type: String, nullable: true, enum: US_STATES })
  @IsOptional()
  @IsIn(US_STATES, { message: 'state must be a US state or territory code, such as OH' })
  state?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: ROUTE_MAX })
  @IsOptional()
  @IsString({ message: 'route must be text' })
  @MaxLength(ROUTE_MAX, { message: `route must be at most ${ROUTE_MAX} characters` })
  route?: string | null;
}
