import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Clock } from './clock.js';
import { CacheBus } from './cache-bus.js';
import { BatchedCounters } from './rate-limit.js';
import { RateLimitRepository } from './rate-limit.repository.js';
import { IdempotencyRepository } from './idempotency.repository.js';
import { IdempotencyService } from './idempotency.js';

@Global()
@Module({})
export class CommonModule {
  static forRoot(clock: Clock): DynamicModule {
    return {
      module: CommonModule,
      providers: [
        { provide: Clock, useValue: clock },
        CacheBus,
        BatchedCounters,
        RateLimitRepository,
        IdempotencyRepository,
        IdempotencyService,
      ],
      exports: [Clock, CacheBus, BatchedCounters, RateLimitRepository, IdempotencyService],
    };
  }
}
