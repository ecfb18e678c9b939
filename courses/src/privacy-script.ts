import { report, type LoadContext } from './context.js';
import type { Reader } from './reader.js';
import type { Drill, Module } from './types.js';

// One privacy script, used everywhere. It names the limits of confidentiality and promises only to
// *try* to tell the person first: telling first is not always safe (a Tier 3 event, a report about a
// child). The checker finds any other wording of it, and any unconditional "I'll tell you first", in
// module bodies, the right answers of knowledge checks, and the non-negative choices of drills.

export const PRIVACY_SCRIPT =
  "What you tell me stays private, with a few limits. If I believe you or someone else is in danger, if I learn that a child, an older adult or an adult with a disability is being abused or neglected, or if a court orders it, I may have to share. If that happens, I'll try to tell you first.";

const OPENING = new RegExp(
  [
    /what (you|we) (tell me|say|share)( here)? (stays|is) (private|within|between)/,
    // other ways of promising privacy, which leave out some of its limits
    /nothing (you|we) (tell me|say|share)( here)? (goes|leaves|gets) (outside|out|past|beyond)/,
    /(this|it) (stays|is) between (you and me|us)/,
  ]
    .map((r) => r.source)
    .join('|'),
  'i',
);
const PROMISE = /\b(I'll|I will|I'd|I would) (always )?tell you (first|before)\b/i;
/** Teaching the rule is fine: "never promise “I'll tell you first”". */
const NEGATED = /\b(never|don't|do not|not) (promise|say)\b[^.!?]*$/i;

/** Markdown emphasis, curly quotes and line breaks do not change the words. */
const normalize = (text: string): string =>
  text.replace(/[*_]/g, '').replace(/[‘’]/g, "'").replace(/\s+/g, ' ').trim();

/** Messages for one piece of text; empty when it is fine. */
export function privacyFindings(text: string): string[] {
  const t = normalize(text);
  const out: string[] = [];
  if (OPENING.test(t) && !t.includes(PRIVACY_SCRIPT))
    out.push(
      `a privacy script other than the program's one (courses/README.md): "${PRIVACY_SCRIPT.replace("I'll try", "I'll *try*")}"`,
    );
  const promise = PROMISE.exec(t);
  if (promise && !NEGATED.test(t.slice(Math.max(0, promise.index - 40), promise.index)))
    out.push(`"${promise[0]}" promises more than can be kept: say "I'll *try* to tell you first"`);
  return out;
}

export function checkModulePrivacy(ctx: LoadContext, m: Module): void {
  // Paragraphs, so a script wrapped over several lines is read whole; reported at its first line.
  let start = 0;
  const lines = m.body.split(/\r?\n/);
  lines.forEach((line, i) => {
    const endOfParagraph = !line.trim() || i === lines.length - 1;
    if (!endOfParagraph) return;
    const paragraph = lines.slice(start, i + 1).join(' ');
    for (const f of privacyFindings(paragraph)) report(ctx, m.file, m.bodyLine + start, f);
    start = i + 1;
  });
}

export function checkDrillPrivacy(ctx: LoadContext, d: Drill): void {
  for (const node of Object.values(d.nodes)) {
    for (const f of privacyFindings(node.text)) report(ctx, d.file, node.line, f);
    for (const c of node.choices.filter((x) => x.score >= 0))
      for (const f of privacyFindings(c.text)) report(ctx, d.file, c.line, f);
  }
}

/** The right answer of a knowledge check teaches the script too (wrong options may show the mistake). */
export function checkQuizPrivacy(r: Reader, m: Module): void {
  m.quiz.forEach((q, i) => {
    const j = q.choices.findIndex((c) => c.id === q.answer);
    const key = j < 0 ? undefined : q.choices[j];
    if (key)
      for (const f of privacyFindings(key.text)) r.report(['quiz', i, 'choices', j, 'text'], f);
  });
}
