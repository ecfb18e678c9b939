import type { Agent } from 'node:https';
import { RemindersModule } from './reminders/reminders.module.js';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule, Reflector } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ScheduleModule } from '@nestjs/schedule';
import { RateLimitGuard } from './common/rate-limit.js';
import type { AppConfig } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { dataSourceOptions } from './database/data-source.js';
import { AccessGuard } from './common/access.js';
import { ErrorFilter } from './common/error.filter.js';
import { Clock } from './common/clock.js';
import { CommonModule } from './common/common.module.js';
import { AuthModule } from './auth/auth.module.js';
import { OrganizationsModule } from './organizations/organizations.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { CoursesModule } from './courses/courses.module.js';
import { CertificatesModule } from './certificates/certificates.module.js';
import { HealthController } from './health/health.controller.js';
import { HealthRepository } from './health/health.repository.js';
import { AuditModule } from './audit/audit.module.js';
import { ContentModule } from './content/content.module.js';
import { loadCatalog } from './content/content.service.js';
import type { Catalog } from '@kindred/courses';
import { EvidenceModule } from './evidence/evidence.module.js';
import { DrillsModule } from './drills/drills.module.js';
import { CompetenciesModule } from './competencies/competencies.module.js';
import { HoursModule } from './hours/hours.module.js';
import { CeModule } from './ce/ce.module.js';
import { PathwaysModule } from './pathways/pathways.module.js';
import { WellbeingModule } from './wellbeing/wellbeing.module.js';
import { NetworkModule } from './network/network.module.js';
import { FeedbackModule } from './feedback/feedback.module.js';

export interface AppOptions {
  /** Scheduled jobs run in the app; tests turn them off and call the jobs themselves. */
  schedule?: boolean;
  clock?: Clock;
  /** The course catalog; loaded from courses/ (or KINDRED_COURSES_DIR) when not given. */
  catalog?: Catalog;
  /** The https.Agent Web Push goes through (tests: one that trusts their local push service). */
  pushAgent?: Agent;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DiscoveryModule,
        CommonModule.forRoot(options.clock ?? new Clock()),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl, config.databasePoolSize),
          retryAttempts: 3,
          retryDelay: 1000,
        }),
        ...(options.schedule === false ? [] : [ScheduleModule.forRoot()]),
        ContentModule.forRoot(options.catalog ?? loadCatalog(config.coursesDir)),
        AuditModule,
        EvidenceModule,
        AuthModule,
        OrganizationsModule,
        NotificationsModule,
        CoursesModule,
        CertificatesModule,
        DrillsModule,
        CompetenciesModule,
        HoursModule,
        CeModule,
        PathwaysModule,
        WellbeingModule,
        NetworkModule,
        FeedbackModule,
        RemindersModule.forRoot(options.pushAgent),
      ],
      controllers: [HealthController],
      providers: [
        HealthRepository,
        // Order matters: rate limits count every attempt, then access rules decide.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        {
          provide: APP_GUARD,
          useFactory: (reflector: Reflector) => new AccessGuard(reflector, config.sessionSecret),
          inject: [Reflector],
        },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
