import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { EligibilityRepository } from './eligibility.repository.js';
import { EligibilityService } from './eligibility.service.js';

/** The advisory lock key: with several API instances, only the one holding it sweeps. */
export const ELIGIBILITY_LOCK = 727_106;

export interface EligibilitySweep {
  ran: boolean;
  volunteers: number;
  issued: number;
  requested: number;
  renewed: number;
  failed: number;
}

/**
 * Nightly: judges every volunteer with a current sign-off against every program and issues (or asks the
 * university for) what they have earned, renewals included; catches up on anything the after-evidence
 * run missed. Idempotent (a second sweep finds nothing to do) and guarded by a PostgreSQL advisory lock;
 * duplicates are refused by the database even without the lock. Time comes from the injectable Clock.
 */
@Injectable()
export class EligibilityJob {
  private readonly logger = new Logger('EligibilitySweep');

  constructor(
    private readonly repo: EligibilityRepository,
    private readonly eligibility: EligibilityService,
  ) {}

  @Cron('0 45 3 * * *', { name: 'certificate-eligibility' })
  async nightly(): Promise<void> {
    const run = await this.run();
    if (run.issued || run.requested || run.failed)
      this.logger.log(
        `${run.issued} issued (${run.renewed} renewals), ${run.requested} sent to the co-issuer, ${run.failed} failed`,
      );
  }

  async run(): Promise<EligibilitySweep> {
    return (
      (await this.repo.withTryLock(ELIGIBILITY_LOCK, () => this.sweep())) ?? {
        ran: false,
        volunteers: 0,
        issued: 0,
        requested: 0,
        renewed: 0,
        failed: 0,
      }
    );
  }

  private async sweep(): Promise<EligibilitySweep> {
    const run: EligibilitySweep = {
      ran: true,
      volunteers: 0,
      issued: 0,
      requested: 0,
      renewed: 0,
      failed: 0,
    };
    for (const volunteerId of await this.repo.sweepCandidates()) {
      run.volunteers++;
      try {
        for (const o of await this.eligibility.runFor(volunteerId)) {
          if (o.result === 'issued') run.issued++;
          if (o.result === 'requested') run.requested++;
          if (o.result !== 'none' && o.renewal) run.renewed++;
        }
      } catch (e) {
        // one volunteer's failure (e.g. a missing key) must not stop the others; the next sweep retries
        run.failed++;
        this.logger.warn(`volunteer ${volunteerId}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return run;
  }
}
