import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '../organizations/membership.entity.js';

export class LoginDto {
  @ApiProperty({ example: 'volunteer@example.org' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;
  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'password is required' })
  @MaxLength(200)
  password: string;
}

export class MembershipDto {
  @ApiProperty() organizationId: string;
  @ApiProperty() organizationName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
}

export class MeDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['en', 'es'], nullable: true, type: String }) locale: string | null;
  @ApiProperty({ type: [MembershipDto] }) memberships: MembershipDto[];
}

export class SessionDto {
  @ApiProperty({ type: MeDto, nullable: true }) user: MeDto | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Send back as the x-csrf-token header on state-changing requests',
  })
  csrfToken: string | null;
  @ApiPropertyOptional({
    type: Number,
    description:
      "The signed-in person's unread notifications (the header's count), given with the session so a page " +
      'needs no second call for it; absent when signed out and on sign-in',
  })
  unread?: number;
}

export class PasswordResetRequestDto {
  @ApiProperty()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;
}

export class NewPasswordDto {
  @ApiProperty({ minLength: 10 })
  @IsString()
  @MinLength(10, { message: 'password must be at least 10 characters' })
  @MaxLength(200)
  password: string;
}

export class LocaleDto {
  @ApiProperty({ enum: ['en', 'es'] })
  @IsIn(['en', 'es'], { message: 'locale must be en or es' })
  locale: string;
}

export class CreateInviteDto {
  @ApiProperty()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;
  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'name is required' })
  @MaxLength(120)
  name: string;
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role: Role;
  @ApiProperty()
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId: string;
}

export class InviteDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() organizationName: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ type: String, nullable: true }) acceptedAt: string | null;
  @ApiProperty({
    description:
      'The e-mail already has a Kindred account: that person accepts by signing in (POST /api/invites/{token}/join), never with a new password',
  })
  existingAccount: boolean;
}

export class CreatedInviteDto extends InviteDto {
  @ApiProperty({ description: 'The link to send; also stored in the outbox' }) link: string;
}

export class AcceptInviteDto {
  @ApiProperty({ minLength: 10 })
  @IsString()
  @MinLength(10, { message: 'password must be at least 10 characters' })
  @MaxLength(200)
  password: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(120) name?: string;
}

export class ResetDeliveryDto {
  @ApiProperty({
    enum: ['email', 'operator-log'],
    description:
      'email: reset links are e-mailed; operator-log: no SMTP is configured, so links go only to the server log',
  })
  delivery: 'email' | 'operator-log';
}
