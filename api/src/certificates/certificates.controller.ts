import { ReqLang, requestLang, type Lang } from '../common/i18n.js';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, Roles, SignedIn } from '../common/access.js';
import type { SessionUser } from '../common/session-user.js';
import { uuidParam } from '../common/validation.js';
import { CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { baseUrlOf } from './base-url.js';
import {
  ApprovedDto,
  ApproveDto,
  DeclinedDto,
  DeclineDto,
  CertificateDto,
  IssueProgramCertificateDto,
  OrganizationCertificatesDto,
  PendingReviewDto,
  ProgramDto,
  ProgramIssueResultDto,
  SharingDto,
  StatusChangeDto,
} from './certificates.dto.js';
import { CertificatesService } from './certificates.service.js';
import { EligibilityService } from './eligibility.service.js';
import { IssuanceService, uuidOf } from './issuance.service.js';
import { ProgramsService } from './programs.service.js';

/** Certificates for signed-in people: holders, coordinators, institution staff. */
@ApiTags('certificates')
@Controller()
export class CertificatesController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly issuance: IssuanceService,
    private readonly programs: ProgramsService,
    private readonly eligibility: EligibilityService,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('certificates/mine')
  @SignedIn()
  @ApiOperation({
    summary: 'My certificates, with their status',
    operationId: 'listMyCertificates',
  })
  @ApiOkResponse({ type: [CertificateDto] })
  async mine(@CurrentUser() user: SessionUser, @Req() req: Request): Promise<CertificateDto[]> {
    // each name in the reader's language: the signed one where the credential has it, else the program's
    return this.certificates.mine(user, baseUrlOf(this.config, req), requestLang(req));
  }

  @Put('certificates/mine/:id/sharing')
  @SignedIn()
  @ApiOperation({
    summary: 'Turn the public link of one of my certificates on or off',
    operationId: 'setCertificateSharing',
  })
  @ApiOkResponse({ type: CertificateDto })
  share(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: SharingDto,
    @Req() req: Request,
  ): Promise<CertificateDto> {
    return this.certificates.setHidden(user, id, body.hidden, baseUrlOf(this.config, req));
  }

  @Get('certificates/programs')
  @Roles('coordinator')
  @ApiOperation({ summary: 'The certificate programs', operationId: 'listPrograms' })
  @ApiOkResponse({ type: [ProgramDto] })
  programList(): ProgramDto[] {
    return this.programs.list().map((p) => ({
      slug: p.slug,
      name: p.name,
      validityMonths: p.validityMonths,
      coIssuer: p.coIssuer?.organization ?? null,
    }));
  }

  @Get('organizations/:orgId/certificates')
  @Roles('coordinator')
  @ApiOperation({
    summary: 'The certificates an organization issued, and those waiting for a university',
    operationId: 'listOrganizationCertificates',
  })
  @ApiOkResponse({ type: OrganizationCertificatesDto })
  ofOrganization(
    @CurrentUser() user: SessionUser,
    @Param('orgId', uuidParam('orgId')) orgId: string,
    @ReqLang() lang: Lang,
    @Req() req: Request,
  ): Promise<OrganizationCertificatesDto> {
    return this.certificates.ofOrganization(user, orgId, baseUrlOf(this.config, req), lang);
  }

  @Post('organizations/:orgId/certificates')
  @Roles('coordinator')
  @ApiOperation({
    summary:
      'Issue a program certificate to a volunteer by hand (co-issued programs wait for the university); a reason is required when requirements are not met',
    operationId: 'issueProgramCertificate',
  })
  @ApiCreatedResponse({ type: ProgramIssueResultDto })
  async issueProgram(
    @CurrentUser() user: SessionUser,
    @Param('orgId', uuidParam('orgId')) orgId: string,
    @Body() body: IssueProgramCertificateDto,
    @ReqLang() lang: Lang,
    @Req() req: Request,
  ): Promise<ProgramIssueResultDto> {
    // By hand: the requirements not met are named, and then a reason is needed (it goes to the audit log).
    const { english: unmet, said } = await this.eligibility.unmet(
      body.holderUserId,
      body.program,
      lang,
    );
    const result = await this.issuance.requestProgramCertificate(
      user,
      orgId,
      body.holderUserId,
      body.program,
      baseUrlOf(this.config, req),
      { byHand: { reason: body.reason?.trim() || null, unmet, unmetSaid: said } },
    );
    return result.state === 'issued'
      ? { state: 'issued', id: uuidOf(String(result.credential.id)) }
      : result;
  }

  @Post('certificates/:id/revoke')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Revoke a certificate for good (reason required); the status list is republished at once',
    operationId: 'revokeCertificate',
  })
  @ApiOkResponse({ type: CertificateDto })
  revoke(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Body() body: StatusChangeDto,
    @Req() req: Request,
  ): Promise<CertificateDto> {
    return this.certificates.changeStatus(
      user,
      id,
      'revoke',
      body.reason,
      baseUrlOf(this.config, req),
      body.category,
    );
  }

  @Post('certificates/:id/suspend')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Suspend a certificate (reason required)',
    operationId: 'suspendCertificate',
  })
  @ApiOkResponse({ type: CertificateDto })
  suspend(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Body() body: StatusChangeDto,
    @Req() req: Request,
  ): Promise<CertificateDto> {
    return this.certificates.changeStatus(
      user,
      id,
      'suspend',
      body.reason,
      baseUrlOf(this.config, req),
    );
  }

  @Post('certificates/:id/unsuspend')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lift a suspension', operationId: 'unsuspendCertificate' })
  @ApiOkResponse({ type: CertificateDto })
  unsuspend(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Body() body: StatusChangeDto,
    @Req() req: Request,
  ): Promise<CertificateDto> {
    return this.certificates.changeStatus(
      user,
      id,
      'unsuspend',
      body.reason,
      baseUrlOf(this.config, req),
    );
  }

  @Get('certificates/pending')
  @Roles('institution_staff')
  @ApiOperation({
    summary:
      'Co-issued certificates waiting for my university’s approval, each with the evidence behind it',
    operationId: 'listPendingCertificates',
  })
  @ApiOkResponse({ type: [PendingReviewDto] })
  pending(@CurrentUser() user: SessionUser, @ReqLang() lang: Lang): Promise<PendingReviewDto[]> {
    return this.certificates.pendingForStaff(user, lang);
  }

  @Post('certificates/pending/approve')
  @Roles('institution_staff')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Approve pending certificates (one or a batch): the university endorses, the program signs',
    operationId: 'approvePendingCertificates',
  })
  @ApiOkResponse({ type: [ApprovedDto] })
  approve(
    @CurrentUser() user: SessionUser,
    @Body() body: ApproveDto,
    @Req() req: Request,
  ): Promise<ApprovedDto[]> {
    return this.issuance.approve(user, body.requestIds, baseUrlOf(this.config, req));
  }

  @Post('certificates/pending/decline')
  @Roles('institution_staff')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Decline pending certificates (reason required); nothing is issued',
    operationId: 'declinePendingCertificates',
  })
  @ApiOkResponse({ type: DeclinedDto })
  async decline(@CurrentUser() user: SessionUser, @Body() body: DeclineDto): Promise<DeclinedDto> {
    return { declined: await this.issuance.decline(user, body.requestIds, body.reason) };
  }
}
