import { Module, type OnModuleInit } from '@nestjs/common';
import { CertificatesModule } from '../certificates/certificates.module.js';
import { CertificatesService } from '../certificates/certificates.service.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { PathwayDefinitions } from './pathway-definitions.js';
import { PathwaySweepJob } from './pathway-sweep.job.js';
import { PathwayDemo } from './pathways.seed.js';
import { PathwaysController } from './pathways.controller.js';
import { PathwaysRepository } from './pathways.repository.js';
import { PathwaysService } from './pathways.service.js';

@Module({
  imports: [NotificationsModule, CertificatesModule],
  controllers: [PathwaysController],
  providers: [
    PathwayDefinitions,
    PathwaysRepository,
    PathwaysService,
    PathwaySweepJob,
    PathwayDemo,
  ],
  // The ledger (practice hours, CE) shows its quotas and deadlines from the same definitions and facts.
  exports: [PathwaysService, PathwaySweepJob, PathwayDefinitions, PathwaysRepository, PathwayDemo],
})
export class PathwaysModule implements OnModuleInit {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly pathways: PathwaysService,
  ) {}

  /** The public verification answer gains the holder's stage status (certificates does not depend on pathways). */
  onModuleInit(): void {
    this.certificates.holderStatusFrom((credentialUuid, lang) =>
      this.pathways.holderStatus(credentialUuid, lang),
    );
  }
}
