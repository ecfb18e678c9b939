import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { REVOCATION_CATEGORIES, type RevocationCategory } from './credential.entity.js';

const ANY_OBJECT = { type: 'object', additionalProperties: true } as const;

// ---- VC-API ---------------------------------------------------------------------------------------

export class IssueOptionsDto {
  @ApiPropertyOptional({
    description:
      '{type: "BitstringStatusListEntry", statusPurpose} or a list of them, in the order the credential carries them; default: revocation and suspension. statusPurpose "message" also needs statusSize (1–8 bits), statusMessage (2^statusSize elements {status: "0x0"…, message}) and may give statusReference (URL or URLs); one per credential',
    oneOf: [ANY_OBJECT, { type: 'array', items: ANY_OBJECT }],
  })
  @IsOptional()
  credentialStatus?: unknown;
}

export class IssueRequestDto {
  @ApiProperty({
    ...ANY_OBJECT,
    description:
      'A VC 2.0 credential whose issuer is your organization’s did, without proof or credentialStatus',
  })
  @IsObject({ message: 'credential must be a JSON object' })
  credential: Record<string, unknown>;

  @ApiPropertyOptional({ type: IssueOptionsDto })
  @IsOptional()
  @IsObject({ message: 'options must be a JSON object' })
  options?: IssueOptionsDto;
}

export class StatusEntryRequestDto {
  @ApiProperty({ example: 'BitstringStatusListEntry' }) type: string;
  @ApiProperty({ enum: ['revocation', 'suspension', 'message'] }) statusPurpose: string;
  @ApiPropertyOptional({
    description: 'message purpose: which message list (when the credential had several)',
  })
  statusListCredential?: string;
}

/** VC-API status update (w3c/vcalm `POST /credentials/status`). Shapes are checked by the service, field by field. */
export class StatusUpdateRequestDto {
  @ApiProperty({ description: 'The id of a credential your organization issued' })
  @Allow()
  credentialId: unknown;

  @ApiProperty({ type: [StatusEntryRequestDto], description: 'One entry, or a list of one' })
  @Allow()
  credentialStatus: unknown;

  @ApiProperty({
    description:
      'true sets the bit (revoke, suspend); false clears it (lift a suspension). For statusPurpose "message": the new value, a number or the "0x…" status of one of the credential’s statusMessage elements',
  })
  @Allow()
  status: unknown;

  @ApiPropertyOptional({ description: 'Why (kept in the audit log; not public)' })
  @Allow()
  reason?: unknown;
}

export class IssuedDto {
  @ApiProperty(ANY_OBJECT) verifiableCredential: Record<string, unknown>;
}

export class VerifyRequestDto {
  @ApiProperty({ ...ANY_OBJECT, description: 'The signed credential (JSON)' })
  @IsObject({ message: 'verifiableCredential must be a JSON object' })
  verifiableCredential: Record<string, unknown>;

  @ApiPropertyOptional(ANY_OBJECT)
  @IsOptional()
  @IsObject({ message: 'options must be a JSON object' })
  options?: Record<string, unknown>;
}

export class ProblemDetailDto {
  @ApiProperty() type: string;
  @ApiProperty() title: string;
  @ApiProperty() detail: string;
}

export class StatusMessageResultDto {
  @ApiProperty({ example: 'message' }) purpose: string;
  @ApiProperty({
    description: 'The value the issuer’s signed list holds, in hexadecimal',
    example: '0x1',
  })
  status: string;
  @ApiProperty({ description: 'The message the credential’s statusMessage gives that value' })
  message: string;
  @ApiProperty({ description: 'true when the value is 0' }) valid: boolean;
  @ApiPropertyOptional({ type: [String], description: 'Where the issuer explains its messages' })
  statusReference?: string[];
}

export class CheckDto {
  @ApiProperty({ enum: ['signature', 'endorsements', 'status', 'dates', 'issuer', 'data_model'] })
  id: 'signature' | 'endorsements' | 'status' | 'dates' | 'issuer' | 'data_model';
  @ApiProperty() passed: boolean;
  @ApiProperty({ description: 'Plain words' }) detail: string;
  @ApiProperty({
    description: 'Whether the check needed something outside the credential (status lists)',
  })
  network: boolean;
  @ApiPropertyOptional({
    description:
      'true when the check did not run (nothing to check, offline, or an earlier check failed); passed is then false',
  })
  notChecked?: boolean;
  @ApiPropertyOptional({
    type: [StatusMessageResultDto],
    description:
      'Status check only: each message entry (statusPurpose "message") and its current message',
  })
  statusMessages?: StatusMessageResultDto[];
}

export class EndorsementResultDto {
  @ApiPropertyOptional() id?: string;
  @ApiPropertyOptional() endorser?: string;
  @ApiPropertyOptional() endorserName?: string;
  @ApiProperty() passed: boolean;
  @ApiProperty() detail: string;
}

const VERDICTS = [
  'valid',
  'revoked',
  'suspended',
  'expired',
  'not_yet_valid',
  'tampered',
  'unknown_issuer',
  'invalid',
  'status_unknown',
  'not_checked',
] as const;

export class VerificationResultDto {
  @ApiProperty() verified: boolean;
  @ApiProperty({ enum: VERDICTS }) verdict: (typeof VERDICTS)[number];
  @ApiProperty({ description: 'The verdict and its reason, in one sentence' }) summary: string;
  @ApiPropertyOptional() credentialId?: string;
  @ApiPropertyOptional({
    description:
      "The certificate's name in the reader's language: from the credential's language values (English when it has not that language), for Kindred's own certificates issued before names were bilingual from the program's translation",
  })
  name?: string;
  @ApiProperty({ type: [CheckDto] }) checks: CheckDto[];
  @ApiProperty({ type: [EndorsementResultDto] }) endorsements: EndorsementResultDto[];
}

export class HolderStatusDto {
  @ApiProperty({ description: 'The pathway the certificate belongs to' }) pathway: string;
  @ApiProperty({ description: "The holder's stage on it" }) stage: string;
  @ApiProperty({
    enum: ['trainee', 'provisional', 'current', 'renewed', 'lapsed'],
    description: 'Derived from the evidence, hours and CE ledger today',
  })
  status: 'trainee' | 'provisional' | 'current' | 'renewed' | 'lapsed';
  @ApiProperty({ description: 'The day it was derived (YYYY-MM-DD)' }) asOf: string;
}

export class RevocationDto {
  @ApiProperty({ description: 'When it was revoked (from Kindred’s own records)' })
  revokedAt: string;
  @ApiProperty({ description: 'The issuing organization that revoked it' }) revokedBy: string;
  @ApiProperty({
    enum: REVOCATION_CATEGORIES,
    nullable: true,
    description:
      'The public reason category the coordinator chose (the free-text reason is never published); null for revocations made before categories existed or through the VC-API status route',
  })
  category: RevocationCategory | null;
}

export class VerifyResponseDto extends VerificationResultDto {
  @ApiPropertyOptional({
    type: RevocationDto,
    nullable: true,
    description:
      'Revoked certificates Kindred issued: when, by whom and the public reason category (the status list only says “revoked”)',
  })
  revocation?: RevocationDto | null;
  @ApiPropertyOptional({
    type: HolderStatusDto,
    nullable: true,
    description: "The holder's status on the pathway of this certificate (nothing else about them)",
  })
  holderStatus?: HolderStatusDto | null;
  @ApiProperty({ type: [VerificationResultDto], description: 'One result per credential (VC-API)' })
  results: VerificationResultDto[];
  @ApiProperty({ type: [ProblemDetailDto] }) problemDetails: ProblemDetailDto[];
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      'Renewed: the uuid of the newer certificate that replaces this one (this one was not revoked); its verification link is /verify/{supersededBy}',
  })
  supersededBy?: string | null;
  @ApiPropertyOptional({
    enum: ['renewal', 'wallet_copy'],
    nullable: true,
    description:
      'Why it was replaced: renewal (a newer certificate with new dates) or wallet_copy (the same certificate, same dates, issued to the DID of the holder’s wallet)',
  })
  replacedAs?: 'renewal' | 'wallet_copy' | null;
}

export class PresentationVerifyRequestDto {
  @ApiProperty({ ...ANY_OBJECT, description: 'A verifiable presentation (VC 2.0)' })
  @IsObject({ message: 'verifiablePresentation must be a JSON object' })
  verifiablePresentation: Record<string, unknown>;

  @ApiPropertyOptional({
    ...ANY_OBJECT,
    description: '{challenge, domain}: required to match the presentation’s proof when given',
  })
  @IsOptional()
  @IsObject({ message: 'options must be a JSON object' })
  options?: { challenge?: string; domain?: string };
}

export class PresentationChallengeRequestDto {
  @ApiPropertyOptional({ description: 'The verifier’s domain the holder should sign for' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  domain?: string;
}

export class PresentationChallengeDto {
  @ApiProperty({ description: 'Give it to the holder to sign; accepted once, for ten minutes' })
  challenge: string;
  @ApiProperty({ type: String, nullable: true }) domain: string | null;
  @ApiProperty() expiresAt: string;
}

export class PresentationVerifyResponseDto {
  @ApiProperty() verified: boolean;
  @ApiProperty({
    description:
      'Whether the holder’s own signature (over a challenge) was checked; false for an unsigned presentation',
  })
  holderProofChecked: boolean;
  @ApiPropertyOptional({ description: 'Said when no holder proof was checked' })
  warning?: string;
  @ApiProperty({
    type: [CheckDto],
    description: 'The presentation’s own checks (its proof, challenge and domain)',
  })
  presentationResult: CheckDto[];
  @ApiProperty({ type: [VerificationResultDto] }) credentialResults: VerificationResultDto[];
  @ApiProperty({ type: [ProblemDetailDto] }) problemDetails: ProblemDetailDto[];
}

export class BulkVerifyRequestDto {
  @ApiProperty({
    type: [String],
    description: 'Certificate ids (urn:uuid:… or uuid) or verification links, at most 1,000',
  })
  @IsArray({ message: 'ids must be a list' })
  @ArrayMinSize(1, { message: 'ids must not be empty' })
  @ArrayMaxSize(1000, { message: 'ids may hold at most 1,000 entries' })
  @IsString({ each: true, message: 'each id must be text' })
  ids: string[];
}

// ---- people's certificates ------------------------------------------------------------------------

export class CertificateDto {
  @ApiProperty({ description: 'The uuid of the credential id' }) id: string;
  @ApiProperty({ description: 'urn:uuid:…' }) credentialId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) holderName: string | null;
  @ApiProperty() issuerName: string;
  @ApiProperty({ type: String, nullable: true }) coIssuerName: string | null;
  @ApiProperty({ type: String, nullable: true }) programSlug: string | null;
  @ApiProperty() issuedAt: string;
  @ApiProperty({ type: String, nullable: true }) validUntil: string | null;
  @ApiProperty({ enum: ['active', 'revoked', 'suspended'] }) state:
    'active' | 'revoked' | 'suspended';
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The free-text reason of a revocation or suspension: coordinators only (null in the holder’s own list)',
  })
  stateReason: string | null;
  @ApiProperty({
    type: RevocationDto,
    nullable: true,
    description: 'Revoked: when, by which organization, and the public reason category',
  })
  revocation: RevocationDto | null;
  @ApiProperty() expired: boolean;
  @ApiProperty({ description: 'The holder turned the share link off' }) hidden: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Renewed: the id of the certificate that replaces this one (this one is not revoked)',
  })
  supersededBy: string | null;
  @ApiPropertyOptional({
    enum: ['renewal', 'wallet_copy'],
    nullable: true,
    description:
      'In the holder’s and the organization’s lists: why it was replaced (a renewal, or the copy issued to the holder’s wallet DID)',
  })
  replacedAs?: 'renewal' | 'wallet_copy' | null;
  @ApiProperty() verifyUrl: string;
}

export class SharingDto {
  @ApiProperty({ description: 'true turns the public link off' })
  @IsBoolean({ message: 'hidden must be true or false' })
  hidden: boolean;
}

export class PendingCertificateDto {
  @ApiProperty() id: string;
  @ApiProperty() holderName: string;
  @ApiProperty() programSlug: string;
  @ApiProperty() programName: string;
  @ApiProperty() organizationName: string;
  @ApiProperty({ description: 'The university it waits for' }) coIssuerName: string;
  @ApiProperty() requestedAt: string;
}

export class EvidenceRowDto {
  @ApiProperty({ enum: ['course', 'drill', 'competency'] }) kind: 'course' | 'drill' | 'competency';
  @ApiProperty({ description: 'Course slug, drill id or competency id' }) id: string;
  @ApiProperty({ description: 'Its name (competencies: code and name)' }) name: string;
  @ApiProperty() met: boolean;
  @ApiProperty({
    enum: ['course', 'drill', 'level', 'signoff', 'expired'],
    nullable: true,
    description: 'Why not met',
  })
  reason: 'course' | 'drill' | 'level' | 'signoff' | 'expired' | null;
  @ApiProperty({ type: String, nullable: true, description: 'Competencies: the level asked for' })
  required: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Competencies: the level held' })
  level: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When: course completed, drill passed (latest), competency signed off',
  })
  at: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Competencies: who signed it off' })
  by: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Drills: the score, e.g. "8 of 10"' })
  detail: string | null;
  @ApiProperty({ type: String, nullable: true }) validUntil: string | null;
}

export class NotableDto {
  @ApiProperty({
    enum: ['revoked', 'suspended', 'expired', 'declined', 'lapsed', 'signoff_expired'],
  })
  kind: 'revoked' | 'suspended' | 'expired' | 'declined' | 'lapsed' | 'signoff_expired';
  @ApiProperty({ type: String, nullable: true }) at: string | null;
  @ApiProperty({ description: 'The certificate, pathway or competency it concerns' })
  subject: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'An earlier decline: the university’s reason',
  })
  detail: string | null;
}

export class PendingEvidenceDto {
  @ApiProperty({ description: 'Every requirement is met now' }) met: boolean;
  @ApiProperty() done: number;
  @ApiProperty() total: number;
  @ApiProperty({ type: [EvidenceRowDto] }) requirements: EvidenceRowDto[];
  @ApiProperty({
    type: [NotableDto],
    description: 'Revocations, suspensions, lapses, expired sign-offs, earlier declines',
  })
  notable: NotableDto[];
}

export class PendingReviewDto extends PendingCertificateDto {
  @ApiProperty({ type: PendingEvidenceDto }) evidence: PendingEvidenceDto;
}

export class OrganizationCertificatesDto {
  @ApiProperty({ type: [CertificateDto] }) certificates: CertificateDto[];
  @ApiProperty({
    type: [PendingCertificateDto],
    description: 'Co-issued certificates waiting for the university',
  })
  pending: PendingCertificateDto[];
}

export class ProgramDto {
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty() validityMonths: number;
  @ApiProperty({ type: String, nullable: true, description: 'The co-issuing university’s slug' })
  coIssuer: string | null;
}

export class IssueProgramCertificateDto {
  @ApiProperty() @IsUUID('all', { message: 'holderUserId must be a UUID' }) holderUserId: string;
  @ApiProperty()
  @IsString({ message: 'program is required' })
  @MinLength(1, { message: 'program is required' })
  @MaxLength(100)
  program: string;
  @ApiPropertyOptional({
    description:
      'Why it is issued by hand: required when the volunteer does not meet every requirement; kept in the audit log',
    maxLength: 500,
  })
  @IsOptional()
  @IsString({ message: 'reason must be text' })
  @MaxLength(500, { message: 'reason must be at most 500 characters' })
  reason?: string;
}

export class ProgramIssueResultDto {
  @ApiProperty({ enum: ['issued', 'pending'] }) state: 'issued' | 'pending';
  @ApiPropertyOptional({ description: 'When issued: the uuid of the new credential' }) id?: string;
  @ApiPropertyOptional({ description: 'When pending: the request the university will review' })
  requestId?: string;
}

export class StatusChangeDto {
  @ApiPropertyOptional({ description: 'Required to revoke or suspend; kept in the audit log' })
  @IsOptional()
  @IsString({ message: 'reason must be text' })
  @MaxLength(500, { message: 'reason may be at most 500 characters' })
  reason?: string;

  @ApiPropertyOptional({
    enum: REVOCATION_CATEGORIES,
    description:
      'Required to revoke: the public reason category shown to employers at /verify (the reason itself stays private)',
  })
  @IsOptional()
  @IsIn(REVOCATION_CATEGORIES, {
    message: `category must be one of ${REVOCATION_CATEGORIES.join(', ')}`,
  })
  category?: RevocationCategory;
}

export class ApproveDto {
  @ApiProperty({ type: [String] })
  @IsArray({ message: 'requestIds must be a list' })
  @ArrayMinSize(1, { message: 'choose at least one certificate to approve' })
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true, message: 'each of requestIds must be a UUID' })
  requestIds: string[];
}

export class DeclineDto extends ApproveDto {
  @ApiProperty({ description: 'Kept in the audit log' })
  @IsString({ message: 'reason is required' })
  @MinLength(1, { message: 'reason is required' })
  @MaxLength(500, { message: 'reason may be at most 500 characters' })
  reason: string;
}

export class DeclinedDto {
  @ApiProperty() declined: number;
}

export class ApprovedDto {
  @ApiProperty() requestId: string;
  @ApiProperty() credentialId: string;
}

export class IssuerKeyDto {
  @ApiProperty() did: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Retired keys sign nothing new; what they signed still verifies',
  })
  retiredAt: string | null;
}

export class IssuerDto {
  @ApiProperty() organizationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) url: string | null;
  @ApiProperty({ enum: ['program', 'university'] }) kind: string;
  @ApiProperty({ type: [IssuerKeyDto] }) keys: IssuerKeyDto[];
}

// ---- API clients ----------------------------------------------------------------------------------

export class CreateApiClientDto {
  @ApiProperty()
  @IsString({ message: 'name is required' })
  @MinLength(1, { message: 'name is required' })
  @MaxLength(120)
  name: string;
}

export class ApiClientDto {
  @ApiProperty() id: string;
  @ApiProperty() clientId: string;
  @ApiProperty() name: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) lastUsedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) revokedAt: string | null;
}

export class CreatedApiClientDto extends ApiClientDto {
  @ApiProperty({ description: 'Shown once: send as Authorization: Bearer <token>' }) token: string;
}

export class RotatedKeyDto {
  @ApiProperty() did: string;
}
