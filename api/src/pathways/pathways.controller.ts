import type { Request } from 'express';
import { requestLang } from '../common/i18n.js';
import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, SignedIn } from '../common/access.js';
import type { SessionUser } from '../common/session-user.js';
import { PathwayOverviewDto, PathwayViewDto } from './pathways.dto.js';
import { PathwaysService } from './pathways.service.js';
import { CsvFile } from '../common/csv.js';

@ApiTags('pathways')
@Controller()
export class PathwaysController {
  constructor(private readonly pathways: PathwaysService) {}

  @Get('me/pathway')
  @SignedIn()
  @ApiOperation({
    summary:
      'My stage on each pathway, derived from my evidence, verified hours and approved CE: the checklist for the next stage, lapses and the way back, the renewal window',
    operationId: 'myPathway',
  })
  @ApiOkResponse({ type: [PathwayViewDto] })
  mine(@CurrentUser() user: SessionUser, @Req() req: Request): Promise<PathwayViewDto[]> {
    return this.pathways.mine(user, requestLang(req));
  }

  @Get('admin/pathways')
  @Roles('coordinator')
  @ApiOperation({
    summary:
      "People per stage, who is close to a deadline, hours awaiting verification (the coordinator's organizations)",
    operationId: 'pathwaysOverview',
  })
  @ApiOkResponse({ type: [PathwayOverviewDto] })
  overview(@CurrentUser() user: SessionUser): Promise<PathwayOverviewDto[]> {
    return this.pathways.overview(user);
  }

  @Get('admin/pathways/export.csv')
  @Roles('coordinator')
  @CsvFile('pathways.csv')
  @ApiOperation({
    summary: 'Every volunteer’s stage, status, next deadline and missing items, as CSV',
    operationId: 'pathwaysCsv',
  })
  csv(@CurrentUser() user: SessionUser): Promise<string> {
    return this.pathways.csv(user);
  }
}
