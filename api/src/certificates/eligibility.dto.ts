import { ApiProperty } from '@nestjs/swagger';

export class RequirementProgressDto {
  @ApiProperty({ enum: ['course', 'drill', 'competency'] }) kind: 'course' | 'drill' | 'competency';
  @ApiProperty({ description: 'Course slug, drill id or competency id' }) id: string;
  @ApiProperty({ description: 'Its title or name in the course content' }) name: string;
  @ApiProperty() met: boolean;
  @ApiProperty({
    enum: ['course', 'drill', 'level', 'signoff', 'expired'],
    nullable: true,
    description:
      'Why not met: course not completed, drill not passed, level too low, no supervisor sign-off yet, sign-off run out',
  })
  reason: 'course' | 'drill' | 'level' | 'signoff' | 'expired' | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Competencies: the level the program asks for',
  })
  required: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Competencies: the level held now' })
  level: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Competencies: until when the sign-off holds',
  })
  validUntil: string | null;
}

export class HeldCertificateDto {
  @ApiProperty({ description: 'The uuid of the credential' }) id: string;
  @ApiProperty({ enum: ['active', 'revoked', 'suspended'] }) state:
    'active' | 'revoked' | 'suspended';
  @ApiProperty({ type: String, nullable: true }) validUntil: string | null;
  @ApiProperty() expired: boolean;
}

export class ProgramProgressDto {
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The university that co-issues it (approves each certificate), if any',
  })
  coIssuer: string | null;
  @ApiProperty({ description: 'Every requirement is met now' }) met: boolean;
  @ApiProperty() done: number;
  @ApiProperty() total: number;
  @ApiProperty({ type: [RequirementProgressDto] }) requirements: RequirementProgressDto[];
  @ApiProperty({
    type: HeldCertificateDto,
    nullable: true,
    description: 'The current certificate of this program, if any',
  })
  held: HeldCertificateDto | null;
  @ApiProperty({ description: 'A request is waiting for the co-issuing university' })
  pendingRequest: boolean;
}
