import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Clock } from './clock.js';
import { CacheBus } from './cache-bus.js';
import { BatchedCounters } from './rate-limit.js';
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
        IdempotencyRepository,
        IdempotencyService,
      ],
      exports: [Clock, CacheBus, BatchedCounters, IdempotencyService],
    };
  }
}
