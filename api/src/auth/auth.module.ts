import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { AuthController } from './auth.controller.js';
import { InvitesController } from './invites.controller.js';
import { AuthService } from './auth.service.js';
import { AccountMailService } from './account-mail.service.js';
import { AuthRepository } from './auth.repository.js';
import { LocalStrategy } from './local.strategy.js';
import { SessionSerializer } from './session.serializer.js';
import { UsersRepository } from '../users/users.repository.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';

@Module({
  imports: [PassportModule.register({ session: true }), OrganizationsModule, NotificationsModule],
  controllers: [AuthController, InvitesController],
  providers: [
    AuthService,
    AccountMailService,
    AuthRepository,
    UsersRepository,
    LocalStrategy,
    SessionSerializer,
  ],
  exports: [AuthService, AccountMailService, UsersRepository],
})
export class AuthModule {}
