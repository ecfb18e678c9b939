import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/access.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { uuidParam } from '../common/validation.js';
import { IssuerDto } from './certificates.dto.js';
import { CertificatesRepository } from './certificates.repository.js';
import { STATUS_LIST_TTL_S, StatusListsService } from './status-lists.service.js';

/** Public, cacheable documents: status lists and the issuer registry. */
@ApiTags('credentials')
@Controller()
export class PublicController {
  constructor(
    private readonly lists: StatusListsService,
    private readonly repo: CertificatesRepository,
  ) {}

  @Get('status-lists/:id')
  @Public()
  @ApiOperation({
    summary: 'A signed BitstringStatusListCredential (revocation or suspension bits)',
    operationId: 'getStatusList',
  })
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: true } })
  async statusList(
    @Param('id', uuidParam('id')) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Record<string, unknown>> {
    const list = await this.lists.current(id);
    if (!list) throw new DomainError(ErrorCode.NotFound, 'There is no such status list');
    res.setHeader('cache-control', `public, max-age=${STATUS_LIST_TTL_S}`);
    res.setHeader('last-modified', list.updatedAt.toUTCString());
    return list.credential;
  }

  @Get('issuers')
  @Public()
  @ApiOperation({
    summary:
      'The organizations Kindred knows, with every did:key they have issued with (retired ones too)',
    operationId: 'listIssuers',
  })
  @ApiOkResponse({ type: [IssuerDto] })
  async issuers(@Res({ passthrough: true }) res: Response): Promise<IssuerDto[]> {
    res.setHeader('cache-control', 'public, max-age=300');
    const byOrg = new Map<string, IssuerDto>();
    for (const r of await this.repo.issuers()) {
      const entry = byOrg.get(r.organizationId) ?? {
        organizationId: r.organizationId,
        name: r.name,
        url: r.url,
        kind: r.kind,
        keys: [],
      };
      entry.keys.push({
        did: r.did,
        createdAt: r.createdAt.toISOString(),
        retiredAt: r.retiredAt?.toISOString() ?? null,
      });
      byOrg.set(r.organizationId, entry);
    }
    return [...byOrg.values()];
  }
}
