import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/access.js';
import type { SessionUser } from '../common/session-user.js';
import type { ApiClient } from './api-client.entity.js';
import { ApiClientsService } from './api-clients.service.js';
import {
  ApiClientDto,
  CreateApiClientDto,
  CreatedApiClientDto,
  RotatedKeyDto,
} from './certificates.dto.js';
import { KeyringService } from './keyring.service.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { hasRole } from '../common/session-user.js';
import { uuidParam } from '../common/validation.js';

const toDto = (c: ApiClient): ApiClientDto => ({
  id: c.id,
  clientId: c.clientId,
  name: c.name,
  createdAt: c.createdAt.toISOString(),
  lastUsedAt: c.lastUsedAt?.toISOString() ?? null,
  revokedAt: c.revokedAt?.toISOString() ?? null,
});

/** Coordinators manage the systems that may issue as their organization, and its signing key. */
@ApiTags('certificates')
@Controller('organizations/:orgId')
export class ApiClientsController {
  constructor(
    private readonly clients: ApiClientsService,
    private readonly keyring: KeyringService,
  ) {}

  @Get('api-clients')
  @Roles('coordinator')
  @ApiOperation({
    summary: 'API clients allowed to call POST /api/credentials/issue',
    operationId: 'listApiClients',
  })
  @ApiOkResponse({ type: [ApiClientDto] })
  async list(
    @CurrentUser() user: SessionUser,
    @Param('orgId', uuidParam('orgId')) orgId: string,
  ): Promise<ApiClientDto[]> {
    return (await this.clients.list(user, orgId)).map(toDto);
  }

  @Post('api-clients')
  @Roles('coordinator')
  @ApiOperation({
    summary: 'Create an API client; its token is shown only in this answer',
    operationId: 'createApiClient',
  })
  @ApiCreatedResponse({ type: CreatedApiClientDto })
  async create(
    @CurrentUser() user: SessionUser,
    @Param('orgId', uuidParam('orgId')) orgId: string,
    @Body() body: CreateApiClientDto,
  ): Promise<CreatedApiClientDto> {
    const { client, token } = await this.clients.create(user, orgId, body.name);
    return { ...toDto(client), token };
  }

  @Delete('api-clients/:id')
  @Roles('coordinator')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API client', operationId: 'revokeApiClient' })
  @ApiNoContentResponse()
  revoke(
    @CurrentUser() user: SessionUser,
    @Param('orgId', uuidParam('orgId')) orgId: string,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<void> {
    return this.clients.revoke(user, orgId, id);
  }

  @Post('signing-key/rotate')
  @Roles('coordinator')
  @ApiOperation({
    summary:
      'Retire the organization’s signing key and make a new one (old certificates keep verifying)',
    operationId: 'rotateSigningKey',
  })
  @ApiCreatedResponse({ type: RotatedKeyDto })
  async rotate(
    @CurrentUser() user: SessionUser,
    @Param('orgId', uuidParam('orgId')) orgId: string,
  ): Promise<RotatedKeyDto> {
    if (!hasRole(user, 'coordinator', orgId))
      throw new DomainError(ErrorCode.Forbidden, 'You coordinate a different organization');
    return { did: (await this.keyring.rotate(orgId)).did };
  }
}
