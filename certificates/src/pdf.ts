import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { deflateSync } from 'node:zlib';

export { extractCredentialFromPdf, extractEmbeddedFiles } from './pdf-attachment.js';

export const CREDENTIAL_ATTACHMENT = 'credential.json';

export interface CertificatePdfInput {
  holderName: string;
  achievementName: string;
  issuerName: string;
  coIssuerName?: string;
  validFrom: Date | string;
  validUntil?: Date | string;
  /**
   * Revoked (Kindred's record of it): the certificate says so instead of "Valid until". `reason` is the
   * public reason category in words, never the coordinator's free text.
   */
  revoked?: { on: Date | string; by: string; reason?: string };
  /** e.g. `3.0 CEUs` */
  credits?: string;
  certificateId: string;
  verifyUrl: string;
  /** the signed credential, attached as `credential.json` so the PDF alone can be verified */
  credentialJson: string | object;
  /** default A4; the layout follows the page size */
  paper?: 'A4' | 'LETTER';
  /** the words of the certificate (names and ids are as given); default English */
  lang?: PdfLang;
}

export type PdfLang = 'en' | 'es';

/** The certificate's own words, per language. */
const WORDS = {
  en: {
    certificate: 'Certificate',
    certifies: 'This certifies that',
    earned: 'has earned',
    issued: (d: string) => `Issued ${d}`,
    validUntil: (d: string) => `Valid until ${d}`,
    revoked: (d: string, by: string) => `REVOKED on ${d} by ${by}`,
    reason: (r: string) => `Reason: ${r}`,
    withCoIssuer: (name: string) => `with ${name}`,
    accreditedBy: (name: string) => `, accredited by ${name}`,
    scan: 'Scan to verify',
    id: 'Certificate ID',
    verifyAt: 'Verify at',
    carries: (file: string) =>
      `This PDF carries the signed credential (${file}). Anyone can check it offline, or drop this file on the verification page.`,
    subject: (id: string) => `Certificate ${id}`,
    locale: 'en-GB',
  },
  es: {
    certificate: 'Certificado',
    certifies: 'Se certifica que',
    earned: 'obtuvo',
    issued: (d: string) => `Emitido el ${d}`,
    validUntil: (d: string) => `Válido hasta el ${d}`,
    revoked: (d: string, by: string) => `REVOCADO el ${d} por ${by}`,
    reason: (r: string) => `Motivo: ${r}`,
    withCoIssuer: (name: string) => `con ${name}`,
    accreditedBy: (name: string) => `, acreditado por ${name}`,
    scan: 'Escanea para verificar',
    id: 'ID del certificado',
    verifyAt: 'Verifícalo en',
    carries: (file: string) =>
      `Este PDF lleva la credencial firmada (${file}). Cualquiera puede verificarla sin conexión, o arrastrar este archivo a la página de verificación.`,
    subject: (id: string) => `Certificado ${id}`,
    locale: 'es-US',
  },
} as const;
const words = (lang: PdfLang | undefined) => WORDS[lang ?? 'en'];

// DejaVu Sans (Bitstream Vera licence, fonts/LICENSE-DejaVu.txt), bundled so every glyph is embedded:
// pdfkit's standard 14 fonts are not embedded and cover Latin-1 only.
const FONT_DIR = new URL('../fonts/', import.meta.url);

/** A parsed font pdfkit accepts in place of a file (fontkit's Font: it has `layout`). */
type ParsedFont = { layout(text: string): unknown };
let fonts: { regular: ParsedFont | Buffer; bold: ParsedFont | Buffer } | undefined;

// Parsing DejaVu's tables takes ~20 ms per document; pdfkit accepts an already parsed fontkit font,
// which makes a certificate ~10x faster. fontkit is pdfkit's own dependency, so it is loaded from there.
function parser(): ((data: Buffer) => ParsedFont) | undefined {
  try {
    const fromPdfkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'));
    const fontkit = fromPdfkit('fontkit') as { create(data: Buffer): ParsedFont };
    return (data) => fontkit.create(data);
  } catch {
    return undefined;
  }
}

type Run = { glyphs: unknown[]; positions: object[] };
const LAYOUTS_PER_FONT = 4096;

/**
 * Work fontkit repeated for every certificate, kept on the parsed font instead.
 *
 * fontkit shapes every word of every certificate again (pdfkit's layout cache lives one document), and the
 * words barely change between certificates. Shaped runs are kept per parsed font and handed out as copies,
 * because pdfkit scales a run's positions in place; glyph objects are fontkit's own, shared as before.
 */
function rememberLayouts(font: ParsedFont): ParsedFont {
  const shape = font.layout.bind(font) as (text: string, ...rest: unknown[]) => Run;
  const runs = new Map<string, Run>();
  const copy = (run: Run): Run => {
    const out = Object.assign(
      Object.create(Object.getPrototypeOf(run) as object | null) as Run,
      run,
    );
    out.glyphs = run.glyphs.slice();
    out.positions = run.positions.map((p) =>
      Object.assign(Object.create(Object.getPrototypeOf(p) as object | null) as object, p),
    );
    return out;
  };
  // Subsetting decodes each used glyph's outline again for every PDF, only to read its contour count and
  // components (~12% of a certificate in the profile). The decoded header is kept on fontkit's own glyph
  // objects (which it already caches per font); only for static fonts, where nothing transforms the points.
  const glyphFont = font as ParsedFont & {
    getGlyph?(id: number, ...rest: unknown[]): { _decode?(): unknown } | null;
    _variationProcessor?: unknown;
  };
  if (typeof glyphFont.getGlyph === 'function' && !glyphFont._variationProcessor) {
    const getGlyph = glyphFont.getGlyph.bind(glyphFont);
    const remembered = new WeakSet<object>();
    glyphFont.getGlyph = (id: number, ...rest: unknown[]) => {
      const glyph = getGlyph(id, ...rest);
      if (glyph && typeof glyph._decode === 'function' && !remembered.has(glyph)) {
        const decode = glyph._decode.bind(glyph);
        let decoded: { value: unknown } | undefined;
        glyph._decode = () => (decoded ??= { value: decode() }).value;
        remembered.add(glyph);
      }
      return glyph;
    };
  }
  font.layout = (text: string, ...rest: unknown[]) => {
    if (rest.some((x) => x !== undefined)) return shape(text, ...rest);
    let run = runs.get(text);
    if (!run) {
      if (runs.size >= LAYOUTS_PER_FONT) runs.clear();
      run = shape(text);
      runs.set(text, run);
    }
    return copy(run);
  };
  return font;
}

function loadFonts(): { regular: ParsedFont | Buffer; bold: ParsedFont | Buffer } {
  if (fonts) return fonts;
  const fontkitParse = parser();
  const parse = fontkitParse
    ? (data: Buffer) => rememberLayouts(fontkitParse(data))
    : (data: Buffer) => data;
  fonts = {
    regular: parse(readFileSync(new URL('DejaVuSans.ttf', FONT_DIR))),
    bold: parse(readFileSync(new URL('DejaVuSans-Bold.ttf', FONT_DIR))),
  };
  return fonts;
}

const INK = '#1f2933';
const ACCENT = '#2f5d50';
const MUTED = '#52606d';
const REVOKED = '#b3261e';

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

const QR_MARGIN = 2;
const QR_SCALE = 6;

/**
 * The QR code of the verification URL as an 8-bit greyscale PNG (no alpha, so pdfkit embeds its IDAT as is).
 * Written directly from the QR matrix: rows are unfiltered (each row is a run of equal bytes and deflates to
 * almost nothing), which is several times cheaper than the qrcode package's RGBA renderer with pngjs's
 * adaptive filtering, for the same pixels.
 */
export async function qrPng(verifyUrl: string): Promise<Buffer> {
  const { modules } = QRCode.create(verifyUrl, { errorCorrectionLevel: 'M' });
  const side = (modules.size + 2 * QR_MARGIN) * QR_SCALE;
  const stride = side + 1; // one filter byte (0: none) per row
  const raw = Buffer.alloc(stride * side, 0xff);
  for (let y = 0; y < side; y++) raw[y * stride] = 0;
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col)) continue;
      const x0 = (col + QR_MARGIN) * QR_SCALE;
      for (let dy = 0; dy < QR_SCALE; dy++) {
        const start = ((row + QR_MARGIN) * QR_SCALE + dy) * stride + 1 + x0;
        raw.fill(0, start, start + QR_SCALE);
      }
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const LONG_DATE = Object.fromEntries(
  (Object.keys(WORDS) as PdfLang[]).map((l) => [
    l,
    new Intl.DateTimeFormat(WORDS[l].locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }),
  ]),
) as Record<PdfLang, Intl.DateTimeFormat>;

/** "Issued 2 December 2026 · Valid until …" — a revoked certificate states no validity. */
export function datesLine(
  input: Pick<CertificatePdfInput, 'validFrom' | 'validUntil' | 'revoked' | 'lang'>,
) {
  const w = words(input.lang);
  const date = (v: Date | string) => longDate(v, input.lang);
  const until =
    input.validUntil && !input.revoked ? `  ·  ${w.validUntil(date(input.validUntil))}` : '';
  return `${w.issued(date(input.validFrom))}${until}`;
}

/** "REVOKED on 2 December 2026 by Riverside Peer Support Network", then "Reason: issued in error" */
export function revokedLines(
  revoked: NonNullable<CertificatePdfInput['revoked']>,
  lang?: PdfLang,
): string[] {
  const w = words(lang);
  return [
    w.revoked(longDate(revoked.on, lang), revoked.by),
    ...(revoked.reason ? [w.reason(revoked.reason)] : []),
  ];
}

function longDate(value: Date | string, lang: PdfLang = 'en'): string {
  return LONG_DATE[lang].format(new Date(value));
}

type Doc = PDFKit.PDFDocument;

/**
 * The largest whole size (down to `min`) at which `text` fits on one line of `width`. A string's width is
 * proportional to the font size, so one measurement gives the answer (it used to try every size downwards).
 */
function fitSize(
  doc: Doc,
  text: string,
  font: string,
  max: number,
  min: number,
  width: number,
): number {
  const atMax = doc.font(font).fontSize(max).widthOfString(text);
  if (atMax <= width) return max;
  let size = Math.max(min, Math.min(max - 1, Math.floor((max * width) / atMax)));
  // Guard against rounding at the boundary: step down while it still does not fit, exactly as before.
  while (size > min && doc.fontSize(size).widthOfString(text) > width) size -= 1;
  return size;
}

function centered(
  doc: Doc,
  text: string,
  y: number,
  font: string,
  size: number,
  color = INK,
): number {
  const { width } = doc.page;
  doc
    .font(font)
    .fontSize(size)
    .fillColor(color)
    .text(text, 60, y, { width: width - 120, align: 'center' });
  return doc.y;
}

function frame(doc: Doc): void {
  const { width, height } = doc.page;
  doc
    .lineWidth(3)
    .strokeColor(ACCENT)
    .rect(24, 24, width - 48, height - 48)
    .stroke();
  doc
    .lineWidth(0.75)
    .rect(32, 32, width - 64, height - 64)
    .stroke();
}

function body(doc: Doc, input: CertificatePdfInput): void {
  const width = doc.page.width - 120;
  const w = words(input.lang);
  const issuers = input.coIssuerName
    ? `${input.issuerName}  ·  ${w.withCoIssuer(input.coIssuerName)}`
    : input.issuerName;
  let y = centered(doc, issuers.toUpperCase(), 72, 'bold', 11, ACCENT);
  y = centered(doc, w.certificate, y + 30, 'regular', 24, MUTED);
  y = centered(doc, w.certifies, y + 22, 'regular', 13, MUTED);
  y = centered(
    doc,
    input.holderName,
    y + 10,
    'bold',
    fitSize(doc, input.holderName, 'bold', 34, 16, width),
    INK,
  );
  y = centered(doc, w.earned, y + 12, 'regular', 13, MUTED);
  y = centered(
    doc,
    input.achievementName,
    y + 10,
    'bold',
    fitSize(doc, input.achievementName, 'bold', 24, 14, width),
    ACCENT,
  );
  y = centered(doc, datesLine(input), y + 24, 'regular', 12, INK);
  if (input.revoked) {
    const [line, reason] = revokedLines(input.revoked, input.lang);
    y = centered(doc, line, y + 6, 'bold', 13, REVOKED);
    if (reason) y = centered(doc, reason, y + 2, 'regular', 12, REVOKED);
  }
  if (input.credits) {
    const by = input.coIssuerName ? w.accreditedBy(input.coIssuerName) : '';
    centered(doc, `${input.credits}${by}`, y + 6, 'regular', 12, INK);
  }
}

function footer(doc: Doc, input: CertificatePdfInput, qr: Buffer): void {
  const { width, height } = doc.page;
  const w = words(input.lang);
  const qrSize = 104;
  const qrX = width - 60 - qrSize;
  const qrY = height - 60 - qrSize - 12;
  doc.image(qr, qrX, qrY, { width: qrSize, height: qrSize });
  doc
    .font('regular')
    .fontSize(8)
    .fillColor(MUTED)
    .text(w.scan, qrX, qrY + qrSize + 2, { width: qrSize, align: 'center' });
  const textWidth = qrX - 80;
  const top = height - 60 - 74;
  doc.font('bold').fontSize(9).fillColor(INK).text(w.id, 60, top, { width: textWidth });
  doc.font('regular').fontSize(9).text(input.certificateId, { width: textWidth });
  doc.font('bold').text(w.verifyAt, 60, doc.y + 6, { width: textWidth });
  doc
    .font('regular')
    .fillColor(ACCENT)
    .text(input.verifyUrl, { width: textWidth, link: input.verifyUrl, underline: true });
  doc
    .fontSize(7.5)
    .fillColor(MUTED)
    .text(w.carries(CREDENTIAL_ATTACHMENT), 60, doc.y + 6, { width: textWidth });
}

function attachCredential(doc: Doc, input: CertificatePdfInput): void {
  const json =
    typeof input.credentialJson === 'string'
      ? input.credentialJson
      : JSON.stringify(input.credentialJson, null, 2);
  const date = new Date(input.validFrom);
  doc.file(Buffer.from(json, 'utf8'), {
    name: CREDENTIAL_ATTACHMENT,
    type: 'application/json',
    description: 'Signed Open Badges 3.0 credential (W3C Verifiable Credential)',
    relationship: 'Source',
    creationDate: date,
    modifiedDate: date,
  } as PDFKit.Mixins.PDFAttachmentOptions);
}

function toBuffer(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** One landscape A4 (or Letter) page, declared PDF/A-3b: fonts embedded, the credential attached as its source. */
export async function renderCertificatePdf(input: CertificatePdfInput): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: input.paper ?? 'A4',
    layout: 'landscape',
    margin: 0,
    font: regular as unknown as string,
    subset: 'PDF/A-3b',
    pdfVersion: '1.7',
    lang: input.lang ?? 'en',
    displayTitle: true,
    info: {
      Title: `${input.achievementName}: ${input.holderName}`,
      Author: input.issuerName,
      Subject: words(input.lang).subject(input.certificateId),
      Keywords: 'Open Badges 3.0, Verifiable Credential',
      CreationDate: new Date(input.validFrom),
    },
  });
  doc.registerFont('regular', regular as unknown as string);
  doc.registerFont('bold', bold as unknown as string);
  const qr = await qrPng(input.verifyUrl);
  frame(doc);
  body(doc, input);
  footer(doc, input, qr);
  attachCredential(doc, input);
  return toBuffer(doc);
}
