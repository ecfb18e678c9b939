import type { Request } from 'express';
import { requestLang } from '../common/i18n.js';
import { HoursRules } from '../hours/hours.rules.js';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  StreamableFile,
  Req,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles, SignedIn } from '../common/access.js';
import type { SessionUser } from '../common/session-user.js';
import { uuidParam } from '../common/validation.js';
import { CeService } from './ce.service.js';
import {
  CeDecisionInputDto,
  CeEntryDto,
  CeInputDto,
  CeQueueEntryDto,
  CeQueueQueryDto,
  MyCeDto,
} from './ce.dto.js';

@ApiTags('continuing education')
@Controller('ce')
export class CeController {
  constructor(
    private readonly ce: CeService,
    private readonly rules: HoursRules,
  ) {}

  @Get()
  @SignedIn()
  @ApiOperation({
    summary:
      'My continuing-education ledger: Kindred modules and external training, approved totals per category against the quotas',
    operationId: 'myCe',
  })
  @ApiOkResponse({ type: MyCeDto })
  async mine(@CurrentUser() user: SessionUser, @Req() req: Request): Promise<MyCeDto> {
    const mine = await this.ce.mine(user);
    return { ...mine, target: this.rules.localizeTarget(mine.target, requestLang(req)) };
  }

  @Post()
  @SignedIn()
  @ApiOperation({
    summary:
      'Add external training with evidence (a link or a PDF/PNG/JPEG file in base64, at most 512 KiB) for a coordinator to approve',
    operationId: 'addExternalCe',
  })
  @ApiCreatedResponse({ type: CeEntryDto })
  add(@CurrentUser() user: SessionUser, @Body() body: CeInputDto): Promise<CeEntryDto> {
    return this.ce.addExternal(user, body);
  }

  @Get(':id/evidence')
  @SignedIn()
  @ApiOperation({
    summary:
      'The uploaded evidence file of an entry (its owner or a coordinator of the organization)',
    operationId: 'ceEvidenceFile',
  })
  @ApiProduces('application/pdf', 'image/png', 'image/jpeg')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async evidence(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<StreamableFile> {
    const f = await this.ce.evidence(user, id);
    return new StreamableFile(f.file, {
      type: f.type,
      disposition: `attachment; filename="${f.name.replace(/"/g, '')}"`,
      length: f.file.length,
    });
  }
}

@ApiTags('continuing education')
@Controller('admin/ce')
export class AdminCeController {
  constructor(private readonly ce: CeService) {}

  @Get()
  @Roles('coordinator')
  @ApiOperation({
    summary: 'External training of the coordinator’s organizations, pending first',
    operationId: 'ceQueue',
  })
  @ApiOkResponse({ type: [CeQueueEntryDto] })
  queue(
    @CurrentUser() user: SessionUser,
    @Query() query: CeQueueQueryDto,
  ): Promise<CeQueueEntryDto[]> {
    return this.ce.queue(user, query.status);
  }

  @Post(':id/approve')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Approve external training: its hours now count',
    operationId: 'approveCe',
  })
  @ApiOkResponse({ type: CeQueueEntryDto })
  approve(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: CeDecisionInputDto,
  ): Promise<CeQueueEntryDto> {
    return this.ce.decide(user, id, 'approved', body.note);
  }

  @Post(':id/reject')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject external training, saying why', operationId: 'rejectCe' })
  @ApiOkResponse({ type: CeQueueEntryDto })
  reject(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: CeDecisionInputDto,
  ): Promise<CeQueueEntryDto> {
    return this.ce.decide(user, id, 'rejected', body.note);
  }
}
