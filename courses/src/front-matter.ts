import { report, type LoadContext } from './context.js';
import { join, readText } from './files.js';
import { isRecord, Reader } from './reader.js';
import { YamlSource } from './yaml-source.js';

export interface MarkdownFile {
  /** the whole file, as read (what the hash covers) */
  text: string;
  reader: Reader;
  /** everything after the closing `---` */
  body: string;
  /** the file line on which `body` starts */
  bodyLine: number;
}

const FENCE = /^---\s*$/;

/**
 * Reads `---` front matter and the Markdown body of a file relative to the content root. Returns null
 * (after reporting) when there is no usable front matter: the file's fields cannot be checked then.
 */
export function readMarkdownFile(ctx: LoadContext, file: string): MarkdownFile | null {
  const text = readText(join(ctx.root, file));
  const lines = text.split(/\r?\n/);
  const close = lines.findIndex((line, i) => i > 0 && FENCE.test(line));
  if (!FENCE.test(lines[0] ?? '') || close < 0) {
    report(
      ctx,
      file,
      1,
      'missing front matter: the file must start with a `---` line and close it with another',
    );
    return null;
  }
  const source = new YamlSource(file, lines.slice(1, close).join('\n'), {
    firstLine: 2,
    rootLine: 1,
  });
  if (!frontMatterUsable(ctx, source)) return null;
  const reader = new Reader(source, ctx);
  return { text, reader, body: lines.slice(close + 1).join('\n'), bodyLine: close + 2 };
}

function frontMatterUsable(ctx: LoadContext, source: YamlSource): boolean {
  const errors = source.syntaxProblems();
  ctx.problems.push(...errors);
  if (errors.length) return false;
  if (isRecord(source.data)) return true;
  report(ctx, source.file, 1, 'front matter must be a YAML map of fields');
  return false;
}
