// The public API of @kindred/courses: load and check content, and grade knowledge checks.
export * from './types.js';
export { loadContent } from './load-content.js';
export { formatProblem } from './problems.js';
export { contentHash } from './hash.js';
export {
  gradeQuiz,
  publicQuestion,
  GradingInputError,
  type QuizResult,
  type QuestionResult,
} from './grading.js';
export { MINUTES, WORDS_PER_MINUTE, minutesBasis } from './module.js';
export { QUIZ_SIZE, CHOICE_COUNT } from './quiz.js';
export { FRAMEWORK_FILE, emptyFramework } from './framework.js';
export { YamlSource, type SourcePlacement, type Path as YamlPath } from './yaml-source.js';
export { localizeFramework } from './framework-translation.js';
export { localizeDrill } from './drill-translation.js';
