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
      'The wallet’s DID Authentication, when the exchange asked for it (`verifiablePresentationRequest`): a VerifiablePresentation whose holder is the wallet’s DID, signed by that DID’s key (authentication) for the request’s challenge and domain',
  })
  @IsOptional()
  @IsObject({ message: 'verifiablePresentation must be a JSON object' })
  verifiablePresentation?: Record<string, unknown>;
}

export class ExchangeResponseDto {
  @ApiPropertyOptional({
    ...ANY_OBJECT,
    description:
      'A VerifiablePresentation (VC 2.0) whose `verifiableCredential` holds the signed certificate (issued to the wallet’s DID when the program binds it)',
  })
  verifiablePresentation?: Record<string, unknown>;
  @ApiPropertyOptional({
    ...ANY_OBJECT,
    description:
      'Asked of the wallet first when the program issues to the wallet’s DID: `{query: [{type: "DIDAuthentication", acceptedMethods}], challenge, domain}`; POST a presentation answering it',
  })
  verifiablePresentationRequest?: Record<string, unknown>;
}
