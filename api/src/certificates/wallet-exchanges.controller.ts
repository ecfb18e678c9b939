import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  ApiCreatedResponse,
  ApiProduces,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Public, SignedIn } from '../common/access.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { isLang, ReqLang, requestLang, VARY_LANGUAGE, type Lang } from '../common/i18n.js';
import type { SessionUser } from '../common/session-user.js';
import { uuidParam } from '../common/validation.js';
import {
  ExchangeProtocolsDto,
  ExchangeRequestDto,
  ExchangeResponseDto,
  WalletExchangeDto,
} from './wallet-exchanges.dto.js';
import { WalletExchangesService } from './wallet-exchanges.service.js';
import {
  WALLET_PAGE_CSP,
  walletExchangeGonePage,
  walletExchangePage,
} from './wallet-exchange-page.js';

/** Taking a certificate to a wallet: the holder's side, and the wallet's (VC-API exchange). */
@ApiTags('certificates')
@Controller()
export class WalletExchangesController {
  constructor(private readonly exchanges: WalletExchangesService) {}

  @Post('certificates/mine/:id/wallet-exchange')
  @SignedIn()
  @ApiOperation({
    summary:
      'Make a one-use, 15-minute exchange that puts one of my certificates into a wallet (QR code or link); audited',
    operationId: 'createWalletExchange',
  })
  @ApiCreatedResponse({ type: WalletExchangeDto })
  create(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<WalletExchangeDto> {
    return this.exchanges.create(user, id);
  }

  @Get('exchanges/:token/protocols')
  @Public()
  @ApiOperation({
    summary:
      'VC-API / VCALM interaction: the protocols a wallet may use for this exchange. A browser (Accept: text/html) gets a page, in its language, on how to add the certificate to a wallet; nothing is used up',
    operationId: 'getExchangeProtocols',
  })
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({ type: ExchangeProtocolsDto })
  @ApiNotFoundResponse({ description: 'No such exchange' })
  @ApiGoneResponse({ description: 'Already used, or expired' })
  async protocols(
    @Param('token') token: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    res.vary('Accept');
    // A wallet asks for JSON (or anything): the protocols object. A browser prefers HTML to JSON.
    if (req.accepts(['application/json', 'text/html']) !== 'text/html') {
      res.json(await this.exchanges.protocols(token));
      return;
    }
    const asked = req.query.lang;
    const lang = isLang(asked) ? asked : requestLang(req);
    const other = lang === 'en' ? 'es' : 'en';
    const otherLanguageHref = `${req.path.split('/').pop()}?lang=${other}`;
    res.vary(VARY_LANGUAGE);
    res.setHeader('Content-Security-Policy', WALLET_PAGE_CSP);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.type('html');
    try {
      const page = await this.exchanges.page(token);
      res.send(walletExchangePage(lang, { ...page, otherLanguageHref }));
    } catch (error) {
      if (
        !(error instanceof DomainError) ||
        ![ErrorCode.NotFound, ErrorCode.Gone].includes(error.code)
      )
        throw error;
      res.status(error.code === ErrorCode.Gone ? 410 : 404).send(
        walletExchangeGonePage(lang, {
          otherLanguageHref,
          certificatesUrl: '/learn/certificates',
        }),
      );
    }
  }

  @Post('exchanges/:token')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'VC-API exchange, the wallet’s step: POST `{}` and receive a VerifiablePresentation holding the certificate (once); for a program that issues to the wallet’s DID, `{}` gets a DIDAuthentication request first, then POST the signed presentation',
    operationId: 'participateInExchange',
  })
  @ApiOkResponse({ type: ExchangeResponseDto })
  @ApiNotFoundResponse({ description: 'No such exchange' })
  @ApiGoneResponse({ description: 'Already used, or expired' })
  participate(
    @Param('token') token: string,
    @Body() body: ExchangeRequestDto,
    @ReqLang() lang: Lang,
  ): Promise<ExchangeResponseDto> {
    return this.exchanges.participate(token, body, lang);
  }
}
