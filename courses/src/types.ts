// The catalog the API and the web app consume. Field names are a contract: change them only together
// with every consumer.

/** A content problem: `file` is relative to the content root, `line` is 1-based. */
export interface Problem {
  file: string;
  line: number;
  message: string;
}

export interface Catalog {
  framework: Framework;
  courses: Course[];
  drills: Drill[];
  problems: Problem[];
  /** translations made from an older English version: warnings, not problems (they still load) */
  stale: StaleTranslation[];
  /** how much of the English content each language has, current or not */
  coverage: TranslationCoverage[];
}

export interface StaleTranslation {
  lang: string;
  /** the translation, relative to the content root */
  file: string;
  /** the English file it translates */
  englishFile: string;
  /** the English file's first changed line since the recorded version; null when unknown */
  line: number | null;
  englishUpdatedOn: string | null;
  /** what the translation records (undefined: nothing) and the English file's version now */
  recorded?: string;
  current: string;
}

export interface TranslationCoverage {
  lang: string;
  modules: { translated: number; total: number };
  coursePages: { translated: number; total: number };
  /** drills with a loaded translation (same graph as the English) */
  drills: { translated: number; total: number };
  /** the competency framework (`<lang>/competencies.yaml`): loaded at all, and made from the current English */
  framework: { translated: boolean; stale: boolean };
  stale: number;
}

export interface ScaleLevel {
  id: string;
  name: string;
  proficient: boolean;
  description: string;
}

export interface Domain {
  id: string;
  name: string;
  description: string;
}

export interface RubricCriterion {
  id: string;
  criterion: string;
  /** scale level id → what that level looks like for this criterion */
  levels: Record<string, string>;
}

export interface Competency {
  id: string;
  domain: string;
  name: string;
  description: string;
  behaviors: string[];
  rubric: RubricCriterion[];
  validityMonths: number;
}

export interface Framework {
  id: string;
  title: string;
  version: string;
  description: string;
  /** ordered lowest to highest */
  scale: ScaleLevel[];
  /** evidence kind → the highest scale level that kind of evidence can reach on its own */
  rules: Record<string, string>;
  domains: Domain[];
  competencies: Competency[];
  /** lang → the framework's texts in that language (`<lang>/competencies.yaml`) */
  translations: Record<string, FrameworkTranslation>;
}

/** The texts of one item (a scale level, a domain) in a translation. */
export interface ItemText {
  name: string;
  description: string;
}

export interface CompetencyText extends ItemText {
  /** as many as the English, in the same order */
  behaviors: string[];
  /** criterion id → its text and the text of each scale level */
  rubric: Record<string, { criterion: string; levels: Record<string, string> }>;
}

/**
 * The competency framework's texts in one language. Structure (ids, order, domains, validity, the
 * proficient flags, rules) lives only in the English file; a translation carries text, keyed by id.
 */
export interface FrameworkTranslation {
  lang: string;
  /** relative to the content root */
  file: string;
  /** the version of the English competencies.yaml it was made from (see source-version.ts) */
  source?: string;
  /** set when the English framework changed since it was translated */
  behind?: { englishUpdatedOn: string | null };
  title: string;
  description: string;
  /** scale level id → text */
  scale: Record<string, ItemText>;
  /** domain id → text */
  domains: Record<string, ItemText>;
  /** competency id → text */
  competencies: Record<string, CompetencyText>;
}

export interface Choice {
  id: string;
  text: string;
  explain: string;
}

export interface Question {
  id: string;
  prompt: string;
  /** the question's own list, or the module's when the question has none */
  competencies: string[];
  /** the id of the right choice */
  answer: string;
  choices: Choice[];
}

/** What the browser may see of a question before it is graded. */
export interface PublicQuestion {
  id: string;
  prompt: string;
  competencies: string[];
  choices: { id: string; text: string }[];
}

export interface Module {
  id: string;
  /** file name without .md */
  slug: string;
  courseSlug: string;
  title: string;
  minutes: number;
  objectives: string[];
  competencies: string[];
  contentNote?: string;
  reflection: string;
  quiz: Question[];
  /** Markdown without the front matter */
  body: string;
  /** the file line on which `body` starts */
  bodyLine: number;
  /** sha256 hex of the whole file */
  hash: string;
  file: string;
  wordCount: number;
  /** in a translation: the version of the English file it was made from (see source-version.ts) */
  source?: string;
  /** in a translation whose English has changed since: the day the English was updated, if known */
  behind?: { englishUpdatedOn: string | null };
}

export type TranslatedModule = Omit<Module, 'courseSlug'>;

export interface CourseTranslation {
  lang: string;
  /** set when the English course page changed since it was translated */
  behind?: { englishUpdatedOn: string | null };
  title: string;
  summary: string;
  welcome: string;
  /** module id → the translated module */
  modules: Record<string, TranslatedModule>;
}

export const CATEGORIES = ['peer-specific', 'ethics', 'elective'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Course {
  slug: string;
  title: string;
  summary: string;
  lang: string;
  category: Category;
  competencies: string[];
  /** share of questions right to pass a knowledge check, 0–1 */
  passMark: number;
  /** Markdown */
  welcome: string;
  modules: Module[];
  file: string;
  /** in a translated course.md: the version of the English course.md it was made from */
  source?: string;
  /** lang → translation */
  translations: Record<string, CourseTranslation>;
}

export const OUTCOMES = ['resolved', 'referred', 'escalated', 'unsafe'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface DrillEnd {
  outcome: Outcome;
  /** true sends the attempt to the supervisor's queue */
  review: boolean;
}

export interface DrillChoice {
  /** 0-based position among the node's choices */
  index: number;
  text: string;
  score: number;
  feedback: string;
  comp?: string;
  flag?: string;
  /** the incident tier this choice acts on (2: supervisor / 988 / mobile crisis, 3: 911); default 1 */
  tier?: number;
  target: string;
  line: number;
}

export interface DrillNode {
  /** the heading: `start`, `engaged`, `END:referred` */
  id: string;
  /** Markdown */
  text: string;
  line: number;
  /** the incident tier the situation is at (`## name {tier: 3}`); default 1 */
  tier?: number;
  end?: DrillEnd;
  choices: DrillChoice[];
}

export interface Drill {
  id: string;
  courseSlug: string;
  title: string;
  setting: string;
  competencies: string[];
  contentNote?: string;
  minutes: number;
  /** total score needed for a pass */
  pass: number;
  strongPath: string;
  reflection: string;
  start: 'start';
  nodes: Record<string, DrillNode>;
  file: string;
  hash: string;
  /** the most decisions a learner makes on one path from start to an ending (no node visited twice) */
  decisionCount: number;
  /** the best total score on one path from start to an ending (no node visited twice) */
  maxScore: number;
  /** lang → the drill's texts in that language (`<lang>/<course>/drills/<id>.md`) */
  translations: Record<string, DrillTranslation>;
}

/** A node's texts in a translation: the situation, and each choice's text and feedback by index. */
export interface DrillNodeText {
  /** Markdown */
  text: string;
  choices: { text: string; feedback: string }[];
}

/**
 * A drill's texts in one language. The graph (node ids and order, scores, flags, competencies, tiers,
 * targets, endings, the pass mark) is the English file's: the checker proves the translation has the
 * same, so an attempt scores the same whichever language it is played in.
 */
export interface DrillTranslation {
  lang: string;
  /** relative to the content root */
  file: string;
  /** the version of the English drill it was made from (see source-version.ts) */
  source?: string;
  /** set when the English drill changed since it was translated */
  behind?: { englishUpdatedOn: string | null };
  title: string;
  setting: string;
  contentNote?: string;
  strongPath: string;
  reflection: string;
  /** node id → its texts */
  nodes: Record<string, DrillNodeText>;
}
