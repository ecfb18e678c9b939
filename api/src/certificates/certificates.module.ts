import { Module, type MiddlewareConsumer, type NestModule, RequestMethod } from '@nestjs/common';
import { text } from 'express';
import { AuditModule } from '../audit/audit.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ApiClientsController } from './api-clients.controller.js';
import { ApiClientsService } from './api-clients.service.js';
import { CertificatesController } from './certificates.controller.js';
import { CertificatesRepository } from './certificates.repository.js';
import { CertificatesService } from './certificates.service.js';
import { DemoCertificates } from './certificates.seed.js';
import { EligibilityController } from './eligibility.controller.js';
import { EligibilityJob } from './eligibility.job.js';
import { EligibilityRepository } from './eligibility.repository.js';
import { EligibilityService } from './eligibility.service.js';
import { CredentialsController } from './credentials.controller.js';
import { IssuanceService } from './issuance.service.js';
import { KeyringService } from './keyring.service.js';
import { PendingEvidenceService } from './pending-evidence.service.js';
import { PresentationsService } from './presentations.service.js';
import { ProgramsService } from './programs.service.js';
import { PublicController } from './public.controller.js';
import { SigningPoolService } from './signing-pool.service.js';
import { StatusListsService } from './status-lists.service.js';
import { VerificationService } from './verification.service.js';
import { VerificationCache } from './verification-cache.js';
import { WalletExchangesController } from './wallet-exchanges.controller.js';
import { WalletExchangesRepository } from './wallet-exchanges.repository.js';
import { WalletExchangesService } from './wallet-exchanges.service.js';

@Module({
  imports: [AuditModule, NotificationsModule],
  controllers: [
    CredentialsController,
    PublicController,
    CertificatesController,
    ApiClientsController,
    EligibilityController,
    WalletExchangesController,
  ],
  providers: [
    CertificatesRepository,
    KeyringService,
    SigningPoolService,
    StatusListsService,
    ProgramsService,
    IssuanceService,
    VerificationService,
    PresentationsService,
    CertificatesService,
    PendingEvidenceService,
    ApiClientsService,
    DemoCertificates,
    VerificationCache,
    EligibilityRepository,
    EligibilityService,
    EligibilityJob,
    WalletExchangesRepository,
    WalletExchangesService,
  ],
  exports: [
    IssuanceService,
    CertificatesService,
    StatusListsService,
    DemoCertificates,
    VerificationCache,
    EligibilityService,
    EligibilityJob,
  ],
})
export class CertificatesModule implements NestModule {
  /** Employers' bulk check may send a CSV as it is. */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(text({ type: ['text/csv', 'text/plain'], limit: '1mb' }))
      .forRoutes({ path: 'credentials/verify/bulk', method: RequestMethod.POST });
  }
}
