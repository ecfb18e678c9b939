import { ReqLang, VARY_LANGUAGE, type Lang } from '../common/i18n.js';
import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { JsonObject } from '@kindred/certificates';
import { CurrentUser, Public } from '../common/access.js';
import { RateLimit, type RateLimitRule } from '../common/rate-limit.js';
import type { SessionUser } from '../common/session-user.js';
import { CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { ApiClientsService } from './api-clients.service.js';
import { baseUrlOf } from './base-url.js';
import {
  BulkVerifyRequestDto,
  IssuedDto,
  IssueRequestDto,
  PresentationChallengeDto,
  PresentationChallengeRequestDto,
  PresentationVerifyRequestDto,
  PresentationVerifyResponseDto,
  StatusUpdateRequestDto,
  VerifyRequestDto,
  VerifyResponseDto,
} from './certificates.dto.js';
import { CertificatesService } from './certificates.service.js';
import { IssuanceService } from './issuance.service.js';
import { ProblemFilter } from './problem.filter.js';
import { PresentationsService } from './presentations.service.js';

export const VERIFY_LIMIT: RateLimitRule = {
  name: 'verify',
  limit: (config) => config.verifyRateLimit,
  windowSeconds: 60,
  message: 'Too many verifications from your address. Please wait a minute and try again.',
};

/** The public, machine-facing side (W3C VC-API shapes): issue for services, verify for anyone. */
@ApiTags('credentials')
@UseFilters(ProblemFilter)
@Controller()
export class CredentialsController {
  constructor(
    private readonly issuance: IssuanceService,
    private readonly clients: ApiClientsService,
    private readonly certificates: CertificatesService,
    private readonly presentations: PresentationsService,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('credentials/issue')
  @Public()
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Sign a VC 2.0 credential as your organization (API client bearer token); adds status entries',
    operationId: 'issueCredential',
  })
  @ApiCreatedResponse({ type: IssuedDto })
  async issue(
    @Headers('authorization') authorization: string | undefined,
    @Body() body: IssueRequestDto,
    @Req() req: Request,
  ): Promise<IssuedDto> {
    const client = await this.clients.authenticate(authorization);
    return {
      verifiableCredential: await this.issuance.issueForClient(
        client,
        body.credential,
        body.options,
        baseUrlOf(this.config, req),
      ),
    };
  }

  @Post('credentials/status')
  @Public()
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'VC-API status update: revoke, suspend or lift a suspension of a credential your organization issued (API client bearer token); audited',
    operationId: 'updateCredentialStatus',
  })
  @ApiOkResponse({ description: 'The status list was changed and re-signed' })
  async updateStatus(
    @Headers('authorization') authorization: string | undefined,
    @Body() body: StatusUpdateRequestDto,
  ): Promise<Record<string, never>> {
    const client = await this.clients.authenticate(authorization);
    await this.certificates.changeStatusForClient(client, body);
    return {};
  }

  @Post('credentials/verify')
  @Public()
  @HttpCode(200)
  @RateLimit(VERIFY_LIMIT)
  @ApiOperation({
    summary:
      'Verify a credential: signature, endorsements, status, dates, issuer; 200 when valid, 400 when not',
    operationId: 'verifyCredential',
  })
  @ApiOkResponse({ type: VerifyResponseDto })
  @ApiBadRequestResponse({
    type: VerifyResponseDto,
    description: 'Not valid: `problemDetails` and `checks` say why',
  })
  async verify(
    @Body() body: VerifyRequestDto,
    @ReqLang() lang: Lang,
    @Res({ passthrough: true }) res: Response,
  ): Promise<VerifyResponseDto> {
    const result = await this.certificates.verifyDocument(body.verifiableCredential, lang);
    // the details and the summary follow the reader's language (saved choice, language cookie, browser)
    res.setHeader('vary', VARY_LANGUAGE);
    res.status(result.verified ? 200 : 400);
    return result;
  }

  @Post('credentials/verify/bulk')
  @Public()
  @HttpCode(200)
  @RateLimit({ ...VERIFY_LIMIT, name: 'verify-bulk', limit: 10 })
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({
    type: BulkVerifyRequestDto,
    description: 'JSON {ids}, or a CSV whose first column holds ids or verification links',
  })
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'Check many certificates by id: CSV in, CSV of verdicts out',
    operationId: 'verifyBulk',
  })
  @ApiOkResponse({
    description: 'id,verdict,holder,certificate,valid_until,summary',
    schema: { type: 'string' },
  })
  async bulk(
    @Req() req: Request,
    @ReqLang() lang: Lang,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const csv = await this.certificates.verifyBulk(req.body, lang);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('vary', VARY_LANGUAGE);
    res.setHeader('content-disposition', 'attachment; filename="kindred-verification.csv"');
    return csv;
  }

  @Get('credentials/:id')
  @Public()
  @ApiOperation({
    summary: 'The signed credential (JSON), unless its holder turned its link off',
    operationId: 'getCredential',
  })
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: true } })
  async get(
    @Param('id') id: string,
    @CurrentUser() viewer: SessionUser | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Record<string, unknown>> {
    const row = await this.certificates.publicCredential(id, viewer);
    res.setHeader('cache-control', row.hidden ? 'private, no-store' : 'public, max-age=60');
    res.setHeader('content-disposition', `inline; filename="kindred-${row.id}.json"`);
    return row.signed;
  }

  @Get('credentials/:id/pdf')
  @Public()
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary: 'The certificate as a PDF with the signed credential attached',
    operationId: 'getCredentialPdf',
  })
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async pdf(
    @Param('id') id: string,
    @CurrentUser() viewer: SessionUser | undefined,
    @ReqLang() lang: Lang,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const pdf = await this.certificates.pdf(id, baseUrlOf(this.config, req), viewer, lang);
    res.setHeader('content-type', 'application/pdf');
    // the words follow the reader's language (saved choice, language cookie, browser)
    res.setHeader('vary', VARY_LANGUAGE);
    res.setHeader(
      'content-disposition',
      `attachment; filename="kindred-certificate-${id.replace(/^urn:uuid:/, '')}.pdf"`,
    );
    res.setHeader('cache-control', 'private, max-age=60');
    res.end(pdf);
  }

  @Get('credentials/:id/verification')
  @Public()
  @RateLimit(VERIFY_LIMIT)
  @ApiOperation({
    summary: 'Verify a certificate by its id (for links and QR codes)',
    operationId: 'verifyCredentialById',
  })
  @ApiOkResponse({ type: VerifyResponseDto })
  verifyById(
    @Param('id') id: string,
    @ReqLang() lang: Lang,
    @Res({ passthrough: true }) res: Response,
  ): Promise<VerifyResponseDto> {
    res.setHeader('vary', VARY_LANGUAGE);
    return this.certificates.verifyById(id, lang);
  }

  @Post('presentations/challenges')
  @Public()
  @RateLimit(VERIFY_LIMIT)
  @ApiOperation({
    summary:
      'A challenge for a holder to sign into a presentation; verifying accepts each challenge once',
    operationId: 'createPresentationChallenge',
  })
  @ApiCreatedResponse({ type: PresentationChallengeDto })
  challenge(@Body() body: PresentationChallengeRequestDto): Promise<PresentationChallengeDto> {
    return this.presentations.challenge(body.domain);
  }

  @Post('presentations/verify')
  @Public()
  @HttpCode(200)
  @RateLimit(VERIFY_LIMIT)
  @ApiOperation({
    summary:
      'Verify a presentation (its proof, challenge, domain) and every credential in it; 200 when all valid, 400 when not',
    operationId: 'verifyPresentation',
  })
  @ApiOkResponse({ type: PresentationVerifyResponseDto })
  @ApiBadRequestResponse({ type: PresentationVerifyResponseDto })
  async verifyPresentation(
    @Body() body: PresentationVerifyRequestDto,
    @ReqLang() lang: Lang,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PresentationVerifyResponseDto> {
    const result = await this.presentations.verify(
      body.verifiablePresentation as JsonObject,
      body.options ?? {},
      lang,
    );
    res.setHeader('vary', VARY_LANGUAGE);
    res.status(result.verified ? 200 : 400);
    return result;
  }
}
