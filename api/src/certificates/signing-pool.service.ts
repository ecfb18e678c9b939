import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { SigningPool } from '@kindred/certificates';
import { CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';

/** The process's certificate worker threads (KINDRED_SIGNING_THREADS), stopped with the app. */
@Injectable()
export class SigningPoolService extends SigningPool implements OnModuleDestroy {
  constructor(@Inject(CONFIG) config: AppConfig) {
    super({ threads: config.signingThreads });
  }

  onModuleDestroy(): Promise<void> {
    return this.destroy();
  }
}
