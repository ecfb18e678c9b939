import { Controller, Get } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../common/access.js';
import { AuditService } from './audit.service.js';

export class ChainReportDto {
  @ApiProperty() intact: boolean;
  @ApiProperty() entries: number;
  @ApiPropertyOptional() brokenAt?: number;
  @ApiPropertyOptional() problem?: string;
}

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('verify')
  @Roles('coordinator')
  @ApiOperation({
    summary: 'Recompute the audit log’s hash chain and say whether any line was changed or removed',
    operationId: 'verifyAuditChain',
  })
  @ApiOkResponse({ type: ChainReportDto })
  verify(): Promise<ChainReportDto> {
    return this.audit.verifyChain();
  }
}
