import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Problem } from './types.js';

export type Path = readonly (string | number)[];

export interface SourcePlacement {
  /** the file line on which the YAML text's first line sits */
  firstLine: number;
  /** the line reported for the document as a whole (e.g. the opening `---`) */
  rootLine: number;
}

/**
 * A parsed YAML text that knows where it sits in its file, so every problem can name the line of the
 * offending key, even when the YAML is front matter or a `{...}` fragment inside a Markdown line.
 */
export class YamlSource {
  readonly data: unknown;
  private readonly doc: Document;
  private readonly lines = new LineCounter();

  constructor(
    readonly file: string,
    text: string,
    private readonly at: SourcePlacement = { firstLine: 1, rootLine: 1 },
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false });
    this.data = this.doc.errors.length ? undefined : this.doc.toJS();
  }

  /** YAML syntax errors (including duplicate keys), one problem each, at the error's line. */
  syntaxProblems(): Problem[] {
    const problems = this.doc.errors.map((e) => ({
      file: this.file,
      line: this.fileLine(e.pos[0]),
      message: `invalid YAML: ${e.message}`,
    }));
    // the parser can raise the same error twice for one mistake
    return problems.filter(
      (p, i) => problems.findIndex((q) => q.line === p.line && q.message === p.message) === i,
    );
  }

  /** The line of the key (or list item) at `path`, or of its nearest ancestor that exists. */
  lineOf(path: Path): number {
    const offset = nodeOffset(this.doc.contents, path);
    return offset === null ? this.at.rootLine : this.fileLine(offset);
  }

  private fileLine(offset: number): number {
    return this.lines.linePos(offset).line + this.at.firstLine - 1;
  }
}

function nodeOffset(root: unknown, path: Path): number | null {
  let node: unknown = root;
  let offset: number | null = null;
  for (const key of path) {
    const step = childOf(node, key);
    if (!step) break;
    [node, offset] = step;
  }
  return offset;
}

/** The child node and the offset to report for it: a map key's own position, a list item's start. */
function childOf(node: unknown, key: string | number): [unknown, number] | null {
  if (isMap(node)) {
    const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
    const start = (pair?.key as Node | undefined)?.range?.[0];
    return pair && start !== undefined ? [pair.value, start] : null;
  }
  if (isSeq(node) && typeof key === 'number') {
    const item = node.items[key] as Node | undefined;
    const start = item?.range?.[0];
    return item && start !== undefined ? [item, start] : null;
  }
  return null;
}
