import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
} from 'class-validator';
import { isTimeZone, WEEKDAYS, type Weekday } from './evening.js';

function isHttpsUrl(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' && Boolean(u.hostname) && !u.username && !u.password;
  } catch {
    return false;
  }
}

export class ReminderScheduleInputDto {
  @ApiProperty({
    enum: WEEKDAYS,
    isArray: true,
    description: 'The evenings to be reminded on; none turns reminders off',
  })
  @IsArray({ message: 'days must be a list' })
  @ArrayMaxSize(7, { message: 'days may hold at most 7 entries' })
  @IsIn(WEEKDAYS, {
    each: true,
    message: 'each of days must be one of mon, tue, wed, thu, fri, sat, sun',
  })
  days: Weekday[];

  @ApiProperty({ example: '19:30', description: 'HH:MM, 24-hour, in timeZone' })
  @IsString({ message: 'time must be text' })
  @Matches(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, {
    message: 'time must be a time of day (HH:MM, 24-hour)',
  })
  time: string;

  @ApiProperty({ example: 'America/New_York', description: 'An IANA time zone' })
  @IsString({ message: 'timeZone must be text' })
  @MaxLength(64, { message: 'timeZone must be at most 64 characters' })
  @ValidateBy(
    { name: 'isIanaTimeZone', validator: { validate: (v: unknown) => isTimeZone(v) } },
    { message: 'timeZone must be an IANA time zone such as America/New_York' },
  )
  timeZone: string;
}

export class PushStateDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The VAPID public key to subscribe with (null: this server sends no push)',
  })
  publicKey: string | null;
  @ApiProperty({ description: 'How many of my devices receive reminders by push' })
  devices: number;
}

export class ReminderScheduleDto {
  @ApiProperty({ enum: WEEKDAYS, isArray: true }) days: Weekday[];
  @ApiProperty({ type: String, nullable: true, description: 'HH:MM (null: never chosen)' })
  time: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'IANA time zone (null: never chosen)' })
  timeZone: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The evening (YYYY-MM-DD, in timeZone) "not tonight" skips, while still to come',
  })
  skipping: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The evening "not tonight" would skip now (null: no day chosen)',
  })
  nextToSkip: string | null;
  @ApiProperty({ type: PushStateDto }) push: PushStateDto;
}

export class PushSubscriptionInputDto {
  @ApiProperty({
    description: "The push service's URL for this browser (PushSubscription.endpoint)",
  })
  @IsString({ message: 'endpoint must be text' })
  @MaxLength(2000, { message: 'endpoint must be at most 2000 characters' })
  // Not @IsUrl: validator.js refuses an address with an IP and a port, which a push service may use.
  @ValidateBy(
    { name: 'isHttpsUrl', validator: { validate: isHttpsUrl } },
    { message: 'endpoint must be a web address (https://…)' },
  )
  endpoint: string;

  @ApiProperty({ description: "keys.p256dh: the browser's P-256 public key, base64url" })
  @IsString({ message: 'p256dh must be text' })
  @Matches(/^[A-Za-z0-9_-]{86,88}={0,2}$/, {
    message: 'p256dh must be a P-256 public key in base64url',
  })
  p256dh: string;

  @ApiProperty({ description: 'keys.auth: the 16-byte secret, base64url' })
  @IsString({ message: 'auth must be text' })
  @Matches(/^[A-Za-z0-9_-]{22}={0,2}$/, { message: 'auth must be a 16-byte secret in base64url' })
  auth: string;
}

export class PushEndpointDto {
  @ApiProperty()
  @IsString({ message: 'endpoint must be text' })
  @MaxLength(2000, { message: 'endpoint must be at most 2000 characters' })
  endpoint: string;
}

export class RemovedDto {
  @ApiProperty() removed: number;
}
