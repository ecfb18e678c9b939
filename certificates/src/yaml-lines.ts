import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

export type YamlPath = readonly (string | number)[];

export interface Problem {
  /** as given to the loader (relative to the programs folder) */
  file: string;
  /** 1-based */
  line: number;
  message: string;
}

/** A parsed YAML file that can name the line of any key, so every problem points at its source. */
export class YamlFile {
  readonly data: unknown;
  private readonly doc: Document;
  private readonly lines = new LineCounter();

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false });
    this.data = this.doc.errors.length ? undefined : this.doc.toJS();
  }

  syntaxProblems(): Problem[] {
    return this.doc.errors.map((e) => ({
      file: this.file,
      line: this.lineAt(e.pos[0]),
      message: `invalid YAML: ${e.message}`,
    }));
  }

  /** The line of the key or list item at `path`, or of its nearest existing ancestor (1 for the root). */
  lineOf(path: YamlPath): number {
    let node: unknown = this.doc.contents;
    let offset = 0;
    for (const key of path) {
      const step = child(node, key);
      if (!step) break;
      [node, offset] = step;
    }
    return this.lineAt(offset);
  }

  private lineAt(offset: number): number {
    return this.lines.linePos(offset).line;
  }
}

function child(node: unknown, key: string | number): [unknown, number] | null {
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
