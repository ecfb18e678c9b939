import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Public, Roles, SignedIn } from '../common/access.js';
import type { SessionUser } from '../common/session-user.js';
import { CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { setCsrfCookie } from '../common/http.js';
import { acceptLanguage } from '../common/i18n.js';
import { AuthService } from './auth.service.js';
import {
  AcceptInviteDto,
  CreatedInviteDto,
  CreateInviteDto,
  InviteDto,
  SessionDto,
} from './auth.dto.js';

@ApiTags('invites')
@Controller('invites')
export class InvitesController {
  constructor(
    private readonly auth: AuthService,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @Roles('coordinator')
  @ApiOperation({
    summary: 'Invite a person into a role in an organization you coordinate',
    operationId: 'createInvite',
  })
  @ApiCreatedResponse({ type: CreatedInviteDto })
  create(
    @CurrentUser() user: SessionUser,
    @Body() dto: CreateInviteDto,
  ): Promise<CreatedInviteDto> {
    return this.auth.createInvite(user, dto);
  }

  @Get()
  @Roles('coordinator')
  @ApiOperation({
    summary: 'Invitations of the organizations you coordinate',
    operationId: 'listInvites',
  })
  @ApiOkResponse({ type: [InviteDto] })
  list(@CurrentUser() user: SessionUser): Promise<InviteDto[]> {
    return this.auth.listInvites(user);
  }

  @Get(':token')
  @Public()
  @ApiOperation({
    summary: 'What an invitation link is for (410 when expired or used)',
    operationId: 'getInvite',
  })
  @ApiOkResponse({ type: InviteDto })
  show(@Param('token') token: string): Promise<InviteDto> {
    return this.auth.inviteByToken(token);
  }

  @Post(':token/accept')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Accept an invitation with a new account: create it with a password and sign in (409 when the e-mail already has an account: sign in and join instead)',
    operationId: 'acceptInvite',
  })
  @ApiOkResponse({ type: SessionDto })
  async accept(
    @Param('token') token: string,
    @Body() dto: AcceptInviteDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionDto> {
    const user = await this.auth.acceptInvite(token, dto.password, dto.name);
    await this.auth.rememberBrowserLang(user.id, acceptLanguage(req.headers['accept-language']));
    await new Promise<void>((resolve, reject) =>
      req.login(user, (err) => (err ? reject(err) : resolve())),
    );
    return { user, csrfToken: setCsrfCookie(req, res, this.config) };
  }

  @Post(':token/join')
  @SignedIn()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Accept an invitation sent to your own e-mail while signed in: adds the membership, changes nothing else',
    operationId: 'joinInvite',
  })
  @ApiOkResponse({ type: SessionDto })
  async join(
    @CurrentUser() user: SessionUser,
    @Param('token') token: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionDto> {
    const updated = await this.auth.joinInvite(user, token);
    await this.auth.rememberBrowserLang(user.id, acceptLanguage(req.headers['accept-language']));
    // The session keeps the same person; its cached view gets the new membership.
    (req as Request & { user?: SessionUser }).user = updated;
    return { user: updated, csrfToken: setCsrfCookie(req, res, this.config) };
  }
}
