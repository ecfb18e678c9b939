import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional } from 'class-validator';

const ANY_OBJECT = { type: 'object', additionalProperties: true } as const;

export class WalletExchangeDto {
  @ApiProperty({
    description: 'The VC-API exchange URL: a wallet POSTs `{}` to it and receives the credential',
  })
  exchangeUrl: string;
  @ApiProperty({
    description: 'The interaction URL: GET answers `{protocols: {vcapi}}` (VC-API / VCALM)',
  })
  interactionUrl: string;
  @ApiProperty({
    description:
      'A link that opens a wallet on a phone (the Learner Credential Wallet universal link, with the same protocols); also what the QR code holds',
  })
  deepLink: string;
  @ApiProperty({ description: 'After this the exchange is refused (410)' }) expiresAt: string;
}

export class ExchangeProtocolsDto {
  @ApiProperty({
    type: 'object',
    properties: { vcapi: { type: 'string' } },
    required: ['vcapi'],
    description: 'How to continue: `vcapi` is the exchange URL',
  })
  protocols: { vcapi: string };
}

export class ExchangeRequestDto {
  @ApiPropertyOptional({
    ...ANY_OBJECT,
    description:
      'A presentation the wallet offers (e.g. DID authentication); not required by this exchange, which needs nothing from the wallet',
  })
  @IsOptional()
  @IsObject({ message: 'verifiablePresentation must be a JSON object' })
  verifiablePresentation?: Record<string, unknown>;
}

export class ExchangeResponseDto {
  @ApiProperty({
    ...ANY_OBJECT,
    description:
      'A VerifiablePresentation (VC 2.0) whose `verifiableCredential` holds the signed certificate',
  })
  verifiablePresentation: Record<string, unknown>;
}
