import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Public, SignedIn } from '../common/access.js';
import type { SessionUser } from '../common/session-user.js';
import {
  ExchangeProtocolsDto,
  ExchangeRequestDto,
  ExchangeResponseDto,
  WalletExchangeDto,
} from './wallet-exchanges.dto.js';
import { WalletExchangesService } from './wallet-exchanges.service.js';

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
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<WalletExchangeDto> {
    return this.exchanges.create(user, id);
  }

  @Get('exchanges/:token/protocols')
  @Public()
  @ApiOperation({
    summary: 'VC-API / VCALM interaction: the protocols a wallet may use for this exchange',
    operationId: 'getExchangeProtocols',
  })
  @ApiOkResponse({ type: ExchangeProtocolsDto })
  @ApiNotFoundResponse({ description: 'No such exchange' })
  @ApiGoneResponse({ description: 'Already used, or expired' })
  protocols(@Param('token') token: string): Promise<ExchangeProtocolsDto> {
    return this.exchanges.protocols(token);
  }

  @Post('exchanges/:token')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'VC-API exchange, the wallet’s step: POST `{}` and receive a VerifiablePresentation holding the certificate (once)',
    operationId: 'participateInExchange',
  })
  @ApiOkResponse({ type: ExchangeResponseDto })
  @ApiNotFoundResponse({ description: 'No such exchange' })
  @ApiGoneResponse({ description: 'Already used, or expired' })
  participate(
    @Param('token') token: string,
    @Body() _body: ExchangeRequestDto,
  ): Promise<ExchangeResponseDto> {
    return this.exchanges.participate(token);
  }
}
