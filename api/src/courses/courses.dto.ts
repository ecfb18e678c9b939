import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PROGRESS_STATUSES, type ProgressStatus } from './courses.entity.js';
import type { ModuleStatus } from './learning.progress.js';
import { ReportingRulesDto } from '../organizations/reporting-rules.js';

export const LANGS = ['en', 'es'] as const;
export type Lang = (typeof LANGS)[number];
const MODULE_STATUSES = ['not_started', 'started', 'completed'] as const;

export class LangQueryDto {
  @ApiPropertyOptional({
    enum: LANGS,
    description: 'Spanish where a translation exists, else English',
  })
  @IsOptional()
  @IsIn(LANGS, { message: 'lang must be en or es' })
  lang?: Lang;
}

export class CourseSummaryDto {
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
  @ApiProperty() summary: string;
  @ApiProperty({ enum: LANGS, description: 'the language the texts are in' }) lang: Lang;
  @ApiProperty() category: string;
  @ApiProperty({ description: 'minutes of all modules' }) minutes: number;
  @ApiProperty() moduleCount: number;
  @ApiProperty({ type: [String] }) competencies: string[];
  @ApiProperty() enrolled: boolean;
  @ApiProperty() completedModules: number;
  @ApiProperty({ description: 'whole percent of modules completed' }) percent: number;
  @ApiProperty() minutesLeft: number;
}

export class ModuleSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
  @ApiProperty() minutes: number;
  @ApiProperty({ type: [String] }) competencies: string[];
  @ApiProperty({ type: String, nullable: true }) contentNote: string | null;
  @ApiProperty({ enum: MODULE_STATUSES }) status: ModuleStatus;
}

export class CourseDetailDto extends CourseSummaryDto {
  @ApiProperty({ description: 'Markdown' }) welcome: string;
  @ApiProperty({ type: [ModuleSummaryDto] }) modules: ModuleSummaryDto[];
  @ApiProperty({ type: String, nullable: true }) nextModuleId: string | null;
}

export class ModuleLinkDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
}

export class CourseRefDto {
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
}

export class ModuleDto {
  @ApiProperty() id: string;
  @ApiProperty({
    description:
      'file name without .md; the web app renders the body from courses/<course>/<slug>.md',
  })
  slug: string;
  @ApiProperty({ enum: LANGS, description: 'the language of the texts and of the body to render' })
  lang: Lang;
  @ApiProperty() title: string;
  @ApiProperty() minutes: number;
  @ApiProperty({ type: [String] }) objectives: string[];
  @ApiProperty({ type: [String] }) competencies: string[];
  @ApiProperty({ type: String, nullable: true }) contentNote: string | null;
  @ApiProperty() reflection: string;
  @ApiProperty({ type: CourseRefDto }) course: CourseRefDto;
  @ApiProperty({ type: ModuleLinkDto, nullable: true }) prev: ModuleLinkDto | null;
  @ApiProperty({ type: ModuleLinkDto, nullable: true }) next: ModuleLinkDto | null;
  @ApiProperty({ enum: MODULE_STATUSES }) status: ModuleStatus;
  @ApiProperty({ type: String, nullable: true, description: 'the heading the reader had reached' })
  position: string | null;
  @ApiProperty() questionCount: number;
  @ApiProperty() enrolled: boolean;
  @ApiProperty({
    type: [ReportingRulesDto],
    nullable: true,
    description:
      'for a module whose body links to #program-rules: the reporting rules of each program the reader volunteers in (shown in a box with that id); null for other modules',
  })
  programRules: ReportingRulesDto[] | null;
}

export class SaveProgressDto {
  @ApiPropertyOptional({
    description: 'the id of the heading (or section) reached',
    maxLength: 120,
    pattern: '^[\\p{L}\\p{N}_-]+$',
  })
  @IsOptional()
  @IsString({ message: 'position must be text' })
  @MaxLength(120, { message: 'position must be at most 120 characters' })
  @Matches(/^[\p{L}\p{N}_-]+$/u, {
    message: 'position must be a heading id (letters, digits, - and _)',
  })
  position?: string;

  @ApiPropertyOptional({
    enum: PROGRESS_STATUSES,
    description: '`completed` only once the knowledge check is passed',
  })
  @IsOptional()
  @IsIn(PROGRESS_STATUSES, { message: 'status must be started or completed' })
  status?: ProgressStatus;
}

export class ProgressDto {
  @ApiProperty() moduleId: string;
  @ApiProperty({ enum: PROGRESS_STATUSES }) status: ProgressStatus;
  @ApiProperty({ type: String, nullable: true }) position: string | null;
  @ApiProperty() updatedAt: string;
}

export class PublicChoiceDto {
  @ApiProperty() id: string;
  @ApiProperty() text: string;
}

export class PublicQuestionDto {
  @ApiProperty() id: string;
  @ApiProperty() prompt: string;
  @ApiProperty({ type: [String] }) competencies: string[];
  @ApiProperty({ type: [PublicChoiceDto] }) choices: PublicChoiceDto[];
}

export class QuizDto {
  @ApiProperty() moduleId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: LANGS }) lang: Lang;
  @ApiProperty({ description: 'share of questions right needed to pass, 0–1' }) passMark: number;
  @ApiProperty({ description: 'questions right needed to pass' }) required: number;
  @ApiProperty({ type: [PublicQuestionDto] }) questions: PublicQuestionDto[];
}

export class SubmitAttemptDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'question id → choice id; a question left out counts as wrong',
  })
  @IsObject({ message: 'answers must be an object of question id → choice id' })
  answers: Record<string, string>;
}

export class ExplainedChoiceDto {
  @ApiProperty() id: string;
  @ApiProperty() text: string;
  @ApiProperty() explain: string;
}

export class QuestionResultDto {
  @ApiProperty() questionId: string;
  @ApiProperty() prompt: string;
  @ApiProperty({ type: String, nullable: true }) chosen: string | null;
  @ApiProperty() correct: boolean;
  @ApiProperty() answer: string;
  @ApiProperty({ type: [ExplainedChoiceDto] }) choices: ExplainedChoiceDto[];
}

export class AttemptResultDto {
  @ApiProperty() id: string;
  @ApiProperty() score: number;
  @ApiProperty() total: number;
  @ApiProperty() passed: boolean;
  @ApiProperty() required: number;
  @ApiProperty({
    type: [String],
    description: 'competencies this attempt added evidence for (empty unless passed)',
  })
  evidenceFor: string[];
  @ApiProperty({ enum: MODULE_STATUSES }) moduleStatus: ModuleStatus;
  @ApiProperty({ type: [QuestionResultDto] }) results: QuestionResultDto[];
}

export class NextModuleDto {
  @ApiProperty() moduleId: string;
  @ApiProperty() title: string;
  @ApiProperty() minutes: number;
  @ApiProperty({ enum: MODULE_STATUSES }) status: ModuleStatus;
  @ApiProperty() courseSlug: string;
  @ApiProperty() courseTitle: string;
}

export class CourseProgressDto {
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
  @ApiProperty() moduleCount: number;
  @ApiProperty() completedModules: number;
  @ApiProperty() percent: number;
  @ApiProperty() minutesLeft: number;
  @ApiProperty({ type: NextModuleDto, nullable: true }) next: NextModuleDto | null;
}

export class MyLearningDto {
  @ApiProperty() totalModules: number;
  @ApiProperty() completedModules: number;
  @ApiProperty() percent: number;
  @ApiProperty() minutesLeft: number;
  @ApiProperty({ type: NextModuleDto, nullable: true }) next: NextModuleDto | null;
  @ApiProperty({ type: [CourseProgressDto] }) courses: CourseProgressDto[];
}
