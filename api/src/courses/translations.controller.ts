import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/access.js';
import { ContentService } from '../content/content.service.js';
import { translationStatus, type TranslationState } from './translation-status.js';

class CountDto {
  @ApiProperty() translated: number;
  @ApiProperty() total: number;
}
class FrameworkStateDto {
  @ApiProperty() translated: boolean;
  @ApiProperty() stale: boolean;
}
class LanguageCoverageDto {
  @ApiProperty({ example: 'es' }) lang: string;
  @ApiProperty({ type: CountDto }) modules: CountDto;
  @ApiProperty({ type: CountDto }) coursePages: CountDto;
  @ApiProperty({ type: CountDto }) drills: CountDto;
  @ApiProperty({ type: FrameworkStateDto }) framework: FrameworkStateDto;
  @ApiProperty({ description: 'translations made from an older English' }) stale: number;
}
class ModuleStateDto {
  @ApiProperty() lang: string;
  @ApiProperty({ enum: ['current', 'behind', 'missing'] }) state: TranslationState;
}
class ModuleTranslationsDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: [ModuleStateDto] }) states: ModuleStateDto[];
}
class CourseTranslationsDto {
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: [ModuleTranslationsDto] }) modules: ModuleTranslationsDto[];
}
class StaleTranslationDto {
  @ApiProperty() lang: string;
  @ApiProperty({ description: 'the translation, relative to courses/' }) file: string;
  @ApiProperty() englishFile: string;
  @ApiProperty({ type: Number, nullable: true, description: 'the English first changed line' })
  line: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) englishUpdatedOn: string | null;
}
export class TranslationStatusDto {
  @ApiProperty({ type: [LanguageCoverageDto] }) languages: LanguageCoverageDto[];
  @ApiProperty({ type: [CourseTranslationsDto] }) courses: CourseTranslationsDto[];
  @ApiProperty({ type: [StaleTranslationDto] }) stale: StaleTranslationDto[];
}

/** Coordinators see how far each language has come, and which translations are behind their English. */
@ApiTags('courses')
@Controller('content')
export class TranslationsController {
  private readonly status: TranslationStatusDto;
  constructor(content: ContentService) {
    // the content is read once at boot: so is its coverage
    this.status = translationStatus(content.catalog);
  }

  @Get('translations')
  @Roles('coordinator')
  @ApiOperation({
    summary:
      'Translation coverage per language, per module, and the translations behind their English',
    operationId: 'getTranslationStatus',
  })
  @ApiOkResponse({ type: TranslationStatusDto })
  get(): TranslationStatusDto {
    return this.status;
  }
}
