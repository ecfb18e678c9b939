import { Injectable } from '@nestjs/common';

/** The time, injectable so tests and scheduled jobs can be driven by a controlled clock. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
