import { Controller, Get, Header, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/access.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { ContentService } from '../content/content.service.js';
import { toCase, type CaseDocument, type CaseItem } from './case.mapper.js';

const CACHE = 'public, max-age=3600, stale-while-revalidate=86400';

/** The competency framework as 1EdTech CASE 1.1 JSON, at stable public URLs (credentials align to them). */
@ApiTags('frameworks')
@Controller('frameworks')
export class FrameworksController {
  constructor(
    private readonly content: ContentService,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  @Get(':frameworkId')
  @Public()
  @Header('cache-control', CACHE)
  @ApiOperation({
    summary:
      'The competency framework as a CASE 1.1 package (CFDocument, CFItems, CFAssociations, CFRubrics)',
    operationId: 'getFrameworkCase',
  })
  @ApiOkResponse({ schema: { type: 'object' } })
  framework(@Param('frameworkId') frameworkId: string): CaseDocument {
    return this.document(frameworkId);
  }

  @Get(':frameworkId/items/:code')
  @Public()
  @Header('cache-control', CACHE)
  @ApiOperation({
    summary: 'One CASE item (a domain or a competency) of the framework',
    operationId: 'getFrameworkItem',
  })
  @ApiOkResponse({ schema: { type: 'object' } })
  item(@Param('frameworkId') frameworkId: string, @Param('code') code: string): CaseItem {
    const item = this.document(frameworkId).CFItems.find((i) => i.humanCodingScheme === code);
    if (!item) throw new DomainError(ErrorCode.NotFound, `The framework has no item ${code}`);
    return item;
  }

  @Get(':frameworkId/:lang')
  @Public()
  @Header('cache-control', CACHE)
  @ApiOperation({
    summary:
      'The competency framework in another language, as its own CASE 1.1 package (language set; each node isTranslationOf the English one)',
    operationId: 'getFrameworkCaseTranslation',
  })
  @ApiOkResponse({ schema: { type: 'object' } })
  translation(
    @Param('frameworkId') frameworkId: string,
    @Param('lang') lang: string,
  ): CaseDocument {
    return this.document(frameworkId, lang);
  }

  @Get(':frameworkId/:lang/items/:code')
  @Public()
  @Header('cache-control', CACHE)
  @ApiOperation({
    summary: 'One CASE item of the framework in another language',
    operationId: 'getFrameworkItemTranslation',
  })
  @ApiOkResponse({ schema: { type: 'object' } })
  translatedItem(
    @Param('frameworkId') frameworkId: string,
    @Param('lang') lang: string,
    @Param('code') code: string,
  ): CaseItem {
    const item = this.document(frameworkId, lang).CFItems.find((i) => i.humanCodingScheme === code);
    if (!item) throw new DomainError(ErrorCode.NotFound, `The framework has no item ${code}`);
    return item;
  }

  private document(frameworkId: string, lang = 'en'): CaseDocument {
    const f = this.content.catalog.framework;
    if (frameworkId !== f.id)
      throw new DomainError(ErrorCode.NotFound, `There is no framework ${frameworkId}`);
    if (lang !== 'en' && !Object.hasOwn(f.translations, lang))
      throw new DomainError(ErrorCode.NotFound, `The framework has no translation "${lang}"`);
    return toCase(f, this.config.publicOrigin, lang);
  }
}
