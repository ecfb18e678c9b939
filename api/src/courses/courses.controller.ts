import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IDEMPOTENCY_DOC, IdempotencyKey } from '../common/idempotency.js';
import { CurrentUser, Roles } from '../common/access.js';
import type { SessionUser } from '../common/session-user.js';
import { CoursesService } from './courses.service.js';
import {
  AttemptResultDto,
  CourseDetailDto,
  CourseSummaryDto,
  LangQueryDto,
  ModuleDto,
  MyLearningDto,
  ProgressDto,
  QuizDto,
  SaveAnswersDto,
  SavedAnswersDto,
  SaveProgressDto,
  SubmitAttemptDto,
} from './courses.dto.js';

/** A volunteer's learning: catalog, enrollment, reading, knowledge checks. Everyone sees only their own progress. */
@ApiTags('courses')
@Controller()
export class CoursesController {
  constructor(private readonly courses: CoursesService) {}

  @Get('courses')
  @Roles('volunteer')
  @ApiOperation({
    summary: 'The course catalog with minutes, competencies, and my enrollment and progress',
    operationId: 'listCourses',
  })
  @ApiOkResponse({ type: [CourseSummaryDto] })
  list(@CurrentUser() user: SessionUser, @Query() q: LangQueryDto): Promise<CourseSummaryDto[]> {
    return this.courses.catalog(user, q.lang);
  }

  @Get('courses/:slug')
  @Roles('volunteer')
  @ApiOperation({
    summary: 'A course with its modules and my status in each',
    operationId: 'getCourse',
  })
  @ApiOkResponse({ type: CourseDetailDto })
  get(
    @CurrentUser() user: SessionUser,
    @Param('slug') slug: string,
    @Query() q: LangQueryDto,
  ): Promise<CourseDetailDto> {
    return this.courses.course(user, slug, q.lang);
  }

  @Post('courses/:slug/enrollment')
  @HttpCode(200)
  @Roles('volunteer')
  @ApiOperation({
    summary: 'Enroll in a course (enrolling twice changes nothing)',
    operationId: 'enrollInCourse',
  })
  @ApiOkResponse({ type: CourseDetailDto })
  enroll(
    @CurrentUser() user: SessionUser,
    @Param('slug') slug: string,
    @Query() q: LangQueryDto,
  ): Promise<CourseDetailDto> {
    return this.courses.enroll(user, slug, q.lang);
  }

  @Get('modules/:id')
  @Roles('volunteer')
  @ApiOperation({
    summary:
      'What the reader needs around a module body: texts, neighbours, my status and saved place',
    operationId: 'getModule',
  })
  @ApiOkResponse({ type: ModuleDto })
  module(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Query() q: LangQueryDto,
  ): Promise<ModuleDto> {
    return this.courses.module(user, id, q.lang);
  }

  @Put('modules/:id/progress')
  @Roles('volunteer')
  @ApiOperation({
    summary: 'Save my place in a module (and enroll in its course); "take a break" calls this',
    operationId: 'saveModuleProgress',
  })
  @ApiOkResponse({ type: ProgressDto })
  saveProgress(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Body() body: SaveProgressDto,
  ): Promise<ProgressDto> {
    return this.courses.saveProgress(user, id, body);
  }

  @Get('modules/:id/quiz')
  @Roles('volunteer')
  @ApiOperation({
    summary:
      "A module's knowledge check as drawn for me (order of this attempt, answers saved so far), without answers",
    operationId: 'getQuiz',
  })
  @ApiOkResponse({ type: QuizDto })
  quiz(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Query() q: LangQueryDto,
  ): Promise<QuizDto> {
    return this.courses.quiz(user, id, q.lang);
  }

  @Put('modules/:id/quiz/answers')
  @Roles('volunteer')
  @ApiOperation({
    summary: 'Save the answers chosen so far in a knowledge check (a reload keeps them)',
    operationId: 'saveQuizAnswers',
  })
  @ApiOkResponse({ type: SavedAnswersDto })
  saveAnswers(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Body() body: SaveAnswersDto,
  ): Promise<SavedAnswersDto> {
    return this.courses.saveAnswers(user, id, body.answers);
  }

  @Post('modules/:id/attempts')
  @HttpCode(200)
  @Roles('volunteer')
  @ApiOperation({
    summary: 'Submit answers to a knowledge check: graded, stored, explained; retakes welcome',
    operationId: 'submitQuizAttempt',
  })
  @ApiOkResponse({ type: AttemptResultDto })
  @ApiHeader(IDEMPOTENCY_DOC)
  submit(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Body() body: SubmitAttemptDto,
    @Query() q: LangQueryDto,
    @IdempotencyKey() key?: string,
  ): Promise<AttemptResultDto> {
    return this.courses.submit(user, id, body.answers, q.lang, key);
  }

  @Get('learning')
  @Roles('volunteer')
  @ApiOperation({
    summary: 'My learning: overall and per-course progress, what to do next, time left',
    operationId: 'myLearning',
  })
  @ApiOkResponse({ type: MyLearningDto })
  mine(@CurrentUser() user: SessionUser, @Query() q: LangQueryDto): Promise<MyLearningDto> {
    return this.courses.myLearning(user, q.lang);
  }
}
