import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/access.js';
import type { SessionUser } from '../common/session-user.js';
import { LangQueryDto } from '../courses/courses.dto.js';
import { GiveSelfRatingDto, SelfRatingPromptDto } from './self-ratings.dto.js';
import { SelfRatingsService } from './self-ratings.service.js';

/** The optional before-and-after self-rating of a course (never required for anything). */
@ApiTags('feedback')
@Controller('courses/:slug/self-rating')
export class SelfRatingsController {
  constructor(private readonly ratings: SelfRatingsService) {}

  @Get()
  @Roles('volunteer')
  @ApiOperation({
    summary:
      'Whether to ask me how sure I am of each competency of this course now (its start or its end), and those competencies',
    operationId: 'getSelfRatingPrompt',
  })
  @ApiOkResponse({ type: SelfRatingPromptDto })
  prompt(
    @CurrentUser() user: SessionUser,
    @Param('slug') slug: string,
    @Query() q: LangQueryDto,
  ): Promise<SelfRatingPromptDto> {
    return this.ratings.prompt(user, slug, q.lang);
  }

  @Post()
  @HttpCode(200)
  @Roles('volunteer')
  @ApiOperation({
    summary:
      'Rate how sure I am of each competency, 1–5, at the course’s start or end (once each); an empty list skips',
    operationId: 'giveSelfRating',
  })
  @ApiOkResponse({ type: SelfRatingPromptDto })
  give(
    @CurrentUser() user: SessionUser,
    @Param('slug') slug: string,
    @Body() dto: GiveSelfRatingDto,
    @Query() q: LangQueryDto,
  ): Promise<SelfRatingPromptDto> {
    return this.ratings.give(user, slug, dto, q.lang);
  }
}
