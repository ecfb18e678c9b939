import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiBody,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Public, SignedIn } from '../common/access.js';
import type { SessionUser } from '../common/session-user.js';
import { CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { CSRF_COOKIE, SESSION_COOKIE } from '../common/csrf.js';
import { setCsrfCookie } from '../common/http.js';
import { acceptLanguage } from '../common/i18n.js';
import { AuthService } from './auth.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { LoginGuard } from './login.guard.js';
import { RateLimit, type RateLimitRule } from '../common/rate-limit.js';
import {
  LocaleDto,
  LoginDto,
  NewPasswordDto,
  PasswordResetRequestDto,
  ResetDeliveryDto,
  SessionDto,
} from './auth.dto.js';

export const LOGIN_LIMIT: RateLimitRule = {
  name: 'login',
  limit: (config) => config.loginRateLimit,
  windowSeconds: 60,
  key: (req) => {
    // The body is not validated yet here (the guard runs before the pipe): anything may be in it.
    const email = (req.body as { email?: unknown } | undefined)?.email;
    return `${req.ip}|${typeof email === 'string' ? email.toLowerCase() : ''}`;
  },
  message: 'Too many sign-in attempts. Wait a minute and try again.',
};
export const RESET_LIMIT: RateLimitRule = {
  ...LOGIN_LIMIT,
  name: 'password-reset',
  message: 'Too many reset requests. Wait a minute and try again.',
};

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly notifications: NotificationsService,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @RateLimit(LOGIN_LIMIT)
  @UseGuards(LoginGuard)
  @ApiBody({ type: LoginDto })
  @ApiOperation({
    summary: 'Sign in with e-mail and password; opens a session cookie',
    operationId: 'login',
  })
  @ApiOkResponse({ type: SessionDto })
  async login(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionDto> {
    const user = req.user as SessionUser;
    await this.auth.rememberBrowserLang(user.id, acceptLanguage(req.headers['accept-language']));
    return { user, csrfToken: setCsrfCookie(req, res, this.config) };
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out and end the session', operationId: 'logout' })
  @ApiNoContentResponse()
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      req.logout((err) => (err ? reject(err) : resolve())),
    );
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.clearCookie(CSRF_COOKIE, { path: '/' });
  }

  @Get('session')
  @Public()
  @ApiOperation({
    summary: 'Who is signed in, and the CSRF token for this session',
    operationId: 'getSession',
  })
  @ApiOkResponse({ type: SessionDto })
  async session(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionDto> {
    const user = (req.user as SessionUser | undefined) ?? null;
    if (!user) return { user, csrfToken: null };
    // Every page asks for the session once (web/src/hooks.server.ts); the header's count comes with it.
    const unread = await this.notifications.unread(user.id);
    return { user, csrfToken: setCsrfCookie(req, res, this.config), unread };
  }

  @Put('locale')
  @SignedIn()
  @HttpCode(204)
  @ApiOperation({ summary: "Set the signed-in person's language", operationId: 'setLocale' })
  @ApiNoContentResponse()
  locale(@CurrentUser() user: SessionUser, @Body() dto: LocaleDto): Promise<void> {
    return this.auth.setLocale(user, dto.locale);
  }

  @Post('password-reset')
  @Public()
  @HttpCode(202)
  @RateLimit(RESET_LIMIT)
  @ApiOperation({
    summary:
      'Send a password reset link (the answer is the same whether or not the account exists)',
    operationId: 'requestPasswordReset',
  })
  @ApiAcceptedResponse()
  requestReset(@Body() dto: PasswordResetRequestDto): Promise<void> {
    return this.auth.requestPasswordReset(dto.email);
  }

  @Get('password-reset')
  @Public()
  @ApiOperation({
    summary:
      'How reset links travel here: by e-mail (SMTP configured), or only to the server log for the operator',
    operationId: 'getPasswordResetDelivery',
  })
  @ApiOkResponse({ type: ResetDeliveryDto })
  resetDelivery(): ResetDeliveryDto {
    return { delivery: this.auth.accountMailSent ? 'email' : 'operator-log' };
  }

  @Post('password-reset/:token')
  @Public()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Choose a new password with a reset link; signs out every session',
    operationId: 'resetPassword',
  })
  @ApiNoContentResponse()
  reset(@Param('token') token: string, @Body() dto: NewPasswordDto): Promise<void> {
    return this.auth.resetPassword(token, dto.password);
  }
}
