import { inflateSync } from 'node:zlib';
import { isObject, type JsonObject } from './json.js';

// A small reader for embedded files, enough for PDFs pdfkit writes and for most re-saved ones: it walks
// the indirect objects, finds Filespec dictionaries (name -> /EF /F stream) and decodes the streams.
// Stream objects are never inside object streams, so a file re-saved with compressed object streams
// still yields its embedded-file streams (then matched by content rather than by name).

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function dictEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length - 1; i++) {
    const c = text[i];
    if (c === '(') i = literalEnd(text, i);
    else if (c === '<' && text[i + 1] === '<') {
      depth++;
      i++;
    } else if (c === '>' && text[i + 1] === '>') {
      depth--;
      i++;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function literalEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return text.length;
}

function streamData(
  pdf: Buffer,
  text: string,
  dict: string,
  afterDict: number,
): { data?: Buffer; next: number } {
  const m = /^\s*stream(\r\n|\n|\r)/.exec(text.slice(afterDict, afterDict + 16));
  if (!m) return { next: afterDict };
  const start = afterDict + m[0].length;
  const direct = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
  const length = direct ? Number(direct[1]) : text.indexOf('endstream', start) - start;
  if (length < 0) return { next: start };
  return { data: pdf.subarray(start, start + length), next: start + length };
}

function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const OBJ = /(\d+)\s+(\d+)\s+obj\b/g;
  for (let m = OBJ.exec(text); m; m = OBJ.exec(text)) {
    const open = text.indexOf('<<', m.index + m[0].length);
    if (open < 0 || text.slice(m.index + m[0].length, open).trim()) continue;
    const end = dictEnd(text, open);
    if (end < 0) continue;
    const dict = text.slice(open, end);
    const { data, next } = streamData(pdf, text, dict, end);
    objects.set(Number(m[1]), { dict, stream: data });
    OBJ.lastIndex = next;
  }
  return objects;
}

function decodeLiteral(raw: string): Buffer {
  const escapes: Record<string, string> = {
    n: '\n',
    r: '\r',
    t: '\t',
    b: '\b',
    f: '\f',
    '(': '(',
    ')': ')',
    '\\': '\\',
  };
  const body = raw
    .slice(1, -1)
    .replace(/\\([0-7]{1,3}|[nrtbf()\\]|\r?\n)/g, (_, e: string) =>
      /^[0-7]/.test(e) ? String.fromCharCode(parseInt(e, 8)) : (escapes[e] ?? ''),
    );
  return Buffer.from(body, 'latin1');
}

function pdfString(raw: string): string {
  const bytes = raw.startsWith('<')
    ? Buffer.from(raw.slice(1, -1).replace(/\s/g, ''), 'hex')
    : decodeLiteral(raw);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le');
  return bytes.toString('latin1');
}

function nameOf(dict: string): string | undefined {
  const m = /\/(?:UF|F)\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)/.exec(dict);
  return m ? pdfString(m[1]) : undefined;
}

function decodeStream(obj: PdfObject): Buffer {
  const filter = /\/Filter\s*\[?\s*\/(\w+)/.exec(obj.dict)?.[1];
  if (!obj.stream) throw new Error('embedded file has no data');
  if (!filter) return obj.stream;
  if (filter === 'FlateDecode') return inflateSync(obj.stream);
  throw new Error(`embedded file uses the unsupported filter ${filter}`);
}

/** Every embedded file, by its file name (`unnamed-N` when no Filespec names it). */
export function extractEmbeddedFiles(pdf: Buffer): Map<string, Buffer> {
  const objects = readObjects(pdf);
  const files = new Map<string, Buffer>();
  const named = new Set<number>();
  for (const obj of objects.values()) {
    if (!/\/Type\s*\/Filespec/.test(obj.dict)) continue;
    const ref = /\/EF\s*<<[^>]*?\/(?:UF|F)\s+(\d+)\s+\d+\s+R/.exec(obj.dict);
    const target = ref ? objects.get(Number(ref[1])) : undefined;
    if (!ref || !target) continue;
    named.add(Number(ref[1]));
    files.set(
      nameOf(obj.dict.replace(/\/EF\s*<<[^>]*>>/, '')) ?? `unnamed-${ref[1]}`,
      decodeStream(target),
    );
  }
  for (const [num, obj] of objects) {
    if (!named.has(num) && /\/Type\s*\/EmbeddedFile\b/.test(obj.dict))
      files.set(`unnamed-${num}`, decodeStream(obj));
  }
  return files;
}

function parseCredential(data: Buffer): JsonObject | undefined {
  try {
    const json: unknown = JSON.parse(data.toString('utf8'));
    return isObject(json) && '@context' in json ? json : undefined;
  } catch {
    return undefined;
  }
}

/** The signed credential a certificate PDF carries (`credential.json`, or its only embedded credential). */
export function extractCredentialFromPdf(pdf: Buffer): JsonObject {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('not a PDF file');
  const files = extractEmbeddedFiles(pdf);
  const named = files.get('credential.json');
  if (named) {
    const credential = parseCredential(named);
    if (!credential) throw new Error('the PDF’s credential.json is not a JSON-LD credential');
    return credential;
  }
  const candidates = [...files.values()]
    .map(parseCredential)
    .filter((c): c is JsonObject => c !== undefined);
  if (candidates.length === 1) return candidates[0];
  throw new Error(
    candidates.length
      ? 'the PDF carries several credentials and none is named credential.json'
      : 'the PDF carries no credential',
  );
}
