import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles } from '../common/access.js';
import type { SessionUser } from '../common/session-user.js';
import { ReqLang, type Lang } from '../common/i18n.js';
import { CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { frameworkLangUrl } from './case.mapper.js';
import { CompetenciesService } from './competencies.service.js';
import {
  CompetencyDto,
  MapEntryDto,
  SessionLogDto,
  SignoffRequestDto,
  SignoffRequestInputDto,
} from './competencies.dto.js';

@ApiTags('competencies')
@Controller()
export class CompetenciesController {
  constructor(
    private readonly competencies: CompetenciesService,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('competencies/:id')
  @Public()
  @ApiOperation({
    summary: 'One competency in plain words: description, behaviors, rubric and scale',
    operationId: 'getCompetency',
  })
  @ApiOkResponse({ type: CompetencyDto })
  one(@Param('id') id: string, @ReqLang() lang: Lang): CompetencyDto {
    const c = this.competencies.competency(id, lang);
    const f = this.competencies.frameworkIn(lang);
    // the CASE item of the package in the reader's language, when the framework has one
    const translated =
      lang !== 'en' && Object.hasOwn(this.competencies.framework.translations, lang);
    const base = frameworkLangUrl(this.config.publicOrigin, f, translated ? lang : 'en');
    return {
      ...c,
      domainName: f.domains.find((d) => d.id === c.domain)?.name ?? c.domain,
      scale: f.scale,
      uri: `${base}/items/${c.id}`,
    };
  }

  @Get('me/competencies')
  @Roles('volunteer')
  @ApiOperation({
    summary:
      "The volunteer's competency map: level, what is missing, expiry and the latest sign-off request per competency",
    operationId: 'myCompetencies',
  })
  @ApiOkResponse({ type: [MapEntryDto] })
  map(@CurrentUser() user: SessionUser, @ReqLang() lang: Lang): Promise<MapEntryDto[]> {
    return this.competencies.map(user.id, lang);
  }

  @Get('me/supervision')
  @Roles('volunteer')
  @ApiOperation({
    summary:
      "The signed-in volunteer's own supervision log (read-only): sessions and debriefs with every supervisor, with the private notes",
    operationId: 'mySupervisionLog',
  })
  @ApiOkResponse({ type: SessionLogDto })
  async supervision(@CurrentUser() user: SessionUser): Promise<SessionLogDto> {
    return { volunteerName: user.name, sessions: await this.competencies.sessions(user, user.id) };
  }

  @Post('me/competencies/:id/signoff-requests')
  @Roles('volunteer')
  @ApiOperation({
    summary: 'Ask a supervisor to sign off a competency (optional reflection and prior learning)',
    operationId: 'requestSignoff',
  })
  @ApiCreatedResponse({ type: SignoffRequestDto })
  request(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Body() body: SignoffRequestInputDto,
  ): Promise<SignoffRequestDto> {
    return this.competencies.requestSignoff(user, id, body);
  }
}
