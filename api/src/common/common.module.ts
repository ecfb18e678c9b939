import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Clock } from './clock.js';
import { CacheBus } from './cache-bus.js';
import { BatchedCounters } from './rate-limit.js';

@Global()
@Module({})
export class CommonModule {
  static forRoot(clock: Clock): DynamicModule {
    return {
      module: CommonModule,
      providers: [{ provide: Clock, useValue: clock }, CacheBus, BatchedCounters],
      exports: [Clock, CacheBus, BatchedCounters],
    };
  }
}
