import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { AREA_CODE, LANGUAGE_TAG } from './network-files.js';

export class ReachInputDto {
  @ApiPropertyOptional({
    description: 'The program (needed only when I volunteer with more than one)',
  })
  @IsOptional()
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId?: string;

  @ApiProperty({
    type: [String],
    description: "Codes of the neighbourhoods I serve (the program's map)",
  })
  @IsArray({ message: 'areas must be a list of area codes' })
  @ArrayMaxSize(200, { message: 'areas may hold at most 200 entries' })
  @Matches(AREA_CODE, { each: true, message: 'areas must be area codes' })
  areas: string[];

  @ApiProperty({
    type: [String],
    description: 'Languages I support in, as tags (en, es, vi, zh-Hant)',
  })
  @IsArray({ message: 'languages must be a list of language tags' })
  @ArrayMaxSize(20, { message: 'languages may hold at most 20 entries' })
  @Matches(LANGUAGE_TAG, { each: true, message: 'languages must be language tags like es or vi' })
  languages: string[];

  @ApiProperty({ description: 'Count me in the public figures (rounded, never alone)' })
  @IsBoolean({ message: 'public must be true or false' })
  public: boolean;
}

export class ReachAreaOptionDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class MyReachDto {
  @ApiProperty() organizationId: string;
  @ApiProperty() organizationName: string;
  @ApiProperty({
    type: [ReachAreaOptionDto],
    description: "The program's neighbourhoods (empty until a coordinator uploads the map)",
  })
  areaOptions: ReachAreaOptionDto[];
  @ApiProperty({ type: [String] }) areas: string[];
  @ApiProperty({ type: [String] }) languages: string[];
  @ApiProperty() public: boolean;
  @ApiProperty({ nullable: true, type: String }) updatedAt: string | null;
}

export class NetworkUploadInputDto {
  @ApiPropertyOptional({ description: 'The program (needed only when I coordinate more than one)' })
  @IsOptional()
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId?: string;

  @ApiProperty({ description: 'The GeoJSON FeatureCollection of neighbourhoods, as text' })
  @IsString({ message: 'geojson must be the text of a GeoJSON file' })
  @MaxLength(900_000, { message: 'geojson is too large (at most 900 kB)' })
  geojson: string;

  @ApiProperty({ description: 'The GeoJSON file name, for file:line messages' })
  @IsString({ message: 'geojsonName must be a file name' })
  @Matches(/^[^/\\\r\n]{1,200}$/, { message: 'geojsonName must be a file name' })
  geojsonName: string;

  @ApiPropertyOptional({ description: 'A CSV of need figures joined by area code, as text' })
  @IsOptional()
  @IsString({ message: 'csv must be the text of a CSV file' })
  @MaxLength(200_000, { message: 'csv is too large (at most 200 kB)' })
  csv?: string;

  @ApiPropertyOptional({ description: 'The CSV file name, for file:line messages' })
  @IsOptional()
  @IsString({ message: 'csvName must be a file name' })
  @Matches(/^[^/\\\r\n]{1,200}$/, { message: 'csvName must be a file name' })
  csvName?: string;
}

export class NetworkUploadedDto {
  @ApiProperty() areas: number;
  @ApiProperty({ description: 'Areas with need figures from the CSV' }) withNeeds: number;
}

const COVERAGE = ['none', 'some', 'good'] as const;
export type Coverage = (typeof COVERAGE)[number];

const COUNT =
  '0 when nobody; null when fewer than the threshold (withheld); otherwise rounded to the nearest 5';

export class PublicAreaDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'SVG path in the map view box' }) path: string;
  @ApiProperty() labelX: number;
  @ApiProperty() labelY: number;
  @ApiProperty({ nullable: true, type: Number }) population: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Need index, 0–100' })
  need: number | null;
  @ApiProperty({ nullable: true, type: Number, description: `Volunteers who reach it: ${COUNT}` })
  volunteers: number | null;
  @ApiProperty({ nullable: true, type: Number, description: `…of whom trained: ${COUNT}` })
  trained: number | null;
  @ApiProperty({ nullable: true, type: Number, description: `…of whom certified: ${COUNT}` })
  certified: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'Verified practice hours in the last quarter, rounded to the nearest 10; null unless from enough volunteers',
  })
  hours: number | null;
  @ApiProperty({
    type: [String],
    description: 'Languages supported here by at least the threshold of volunteers',
  })
  languages: string[];
  @ApiProperty({ enum: COVERAGE }) coverage: Coverage;
}

export class NetworkTotalsDto {
  @ApiProperty({ nullable: true, type: Number }) volunteers: number | null;
  @ApiProperty({ nullable: true, type: Number }) trained: number | null;
  @ApiProperty({ nullable: true, type: Number }) certified: number | null;
  @ApiProperty({ nullable: true, type: Number }) hours: number | null;
  @ApiProperty({ type: [String] }) languages: string[];
}

export class PublicNetworkDto {
  @ApiProperty() organizationSlug: string;
  @ApiProperty() organizationName: string;
  @ApiProperty() viewWidth: number;
  @ApiProperty() viewHeight: number;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ type: [PublicAreaDto] }) areas: PublicAreaDto[];
  @ApiProperty({ type: NetworkTotalsDto }) totals: NetworkTotalsDto;
}

export class NetworkRulesDto {
  @ApiProperty({ description: 'A count from fewer people than this is withheld' })
  threshold: number;
  @ApiProperty() countsRoundTo: number;
  @ApiProperty() hoursRoundTo: number;
  @ApiProperty({ description: 'Practice hours cover this many days' }) quarterDays: number;
}

export class NetworkOverviewDto {
  @ApiProperty({ type: NetworkRulesDto }) rules: NetworkRulesDto;
  @ApiProperty({ type: [PublicNetworkDto] }) networks: PublicNetworkDto[];
}

const GAP_REASONS = ['no_certified', 'few_volunteers', 'languages'] as const;
export type GapReason = (typeof GAP_REASONS)[number];

export class NetworkGapDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: Number }) population: number | null;
  @ApiProperty({ nullable: true, type: Number }) need: number | null;
  @ApiProperty({ nullable: true, type: Number, description: COUNT }) volunteers: number | null;
  @ApiProperty({ nullable: true, type: Number, description: COUNT }) certified: number | null;
  @ApiProperty({ type: [String] }) languagesAsked: string[];
  @ApiProperty({
    type: [String],
    description: 'Asked for here and supported by no volunteer who reaches it',
  })
  languagesMissing: string[];
  @ApiProperty({ enum: GAP_REASONS, isArray: true }) reasons: GapReason[];
}

export class ProgramNetworkDto {
  @ApiProperty() organizationId: string;
  @ApiProperty() organizationName: string;
  @ApiProperty({ type: NetworkRulesDto }) rules: NetworkRulesDto;
  @ApiProperty({ nullable: true, type: String, description: 'The GeoJSON last uploaded' })
  sourceName: string | null;
  @ApiProperty({ nullable: true, type: String }) uploadedAt: string | null;
  @ApiProperty() areas: number;
  @ApiProperty({ type: [NetworkGapDto], description: 'Areas with a gap, neediest first' })
  gaps: NetworkGapDto[];
}
