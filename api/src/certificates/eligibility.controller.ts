import type { Request } from 'express';
import { requestLang } from '../common/i18n.js';
import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, SignedIn } from '../common/access.js';
import type { SessionUser } from '../common/session-user.js';
import { Clock } from '../common/clock.js';
import { ContentService } from '../content/content.service.js';
import { ProgramProgressDto } from './eligibility.dto.js';
import { EligibilityService } from './eligibility.service.js';

/** A volunteer's way to each certificate: what is done and what is still missing. */
@ApiTags('certificates')
@Controller()
export class EligibilityController {
  constructor(
    private readonly eligibility: EligibilityService,
    private readonly content: ContentService,
    private readonly clock: Clock,
  ) {}

  @Get('certificates/mine/progress')
  @SignedIn()
  @ApiOperation({
    summary: 'Each certificate program with what I have done and what is still missing',
    operationId: 'myCertificateProgress',
  })
  @ApiOkResponse({ type: [ProgramProgressDto] })
  async progress(
    @CurrentUser() user: SessionUser,
    @Req() req: Request,
  ): Promise<ProgramProgressDto[]> {
    const { catalog } = this.content;
    const lang = requestLang(req);
    const course = (id: string) => catalog.courses.find((c) => c.slug === id);
    const nameOf = (kind: string, id: string) =>
      (kind === 'course'
        ? (course(id)?.translations[lang]?.title ?? course(id)?.title)
        : kind === 'drill'
          ? this.content.drillTitle(id, lang)
          : this.content.competency(id, lang)?.name) ?? id;
    const now = this.clock.now();
    return (await this.eligibility.evaluate(user.id)).map(
      ({ program, eligibility, held, pendingRequest }) => ({
        slug: program.slug,
        name: program.translations[lang]?.name ?? program.name,
        coIssuer: program.coIssuer?.organization ?? null,
        met: eligibility.met,
        done: eligibility.done,
        total: eligibility.total,
        requirements: eligibility.checks.map((c) => ({
          kind: c.kind,
          id: c.id,
          name: nameOf(c.kind, c.id),
          met: c.met,
          reason: c.reason ?? null,
          required: c.required ?? null,
          level: c.level ?? null,
          validUntil: c.validUntil ? c.validUntil.toISOString() : null,
        })),
        held: held
          ? {
              id: held.id,
              state: held.state,
              validUntil: held.validUntil?.toISOString() ?? null,
              expired: Boolean(held.validUntil && held.validUntil <= now),
            }
          : null,
        pendingRequest,
      }),
    );
  }
}
