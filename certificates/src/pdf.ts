import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

export { extractCredentialFromPdf, extractEmbeddedFiles } from './pdf-attachment.js';

export const CREDENTIAL_ATTACHMENT = 'credential.json';

export interface CertificatePdfInput {
  holderName: string;
  achievementName: string;
  issuerName: string;
  coIssuerName?: string;
  validFrom: Date | string;
  validUntil?: Date | string;
  /** e.g. `3.0 CEUs` */
  credits?: string;
  certificateId: string;
  verifyUrl: string;
  /** the signed credential, attached as `credential.json` so the PDF alone can be verified */
  credentialJson: string | object;
  /** default A4; the layout follows the page size */
  paper?: 'A4' | 'LETTER';
}

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

function loadFonts(): { regular: ParsedFont | Buffer; bold: ParsedFont | Buffer } {
  if (fonts) return fonts;
  const parse = parser() ?? ((data: Buffer) => data);
  fonts = {
    regular: parse(readFileSync(new URL('DejaVuSans.ttf', FONT_DIR))),
    bold: parse(readFileSync(new URL('DejaVuSans-Bold.ttf', FONT_DIR))),
  };
  return fonts;
}

const INK = '#1f2933';
const ACCENT = '#2f5d50';
const MUTED = '#52606d';

/** The QR code of the verification URL as a greyscale PNG (no alpha, so it is embedded as is). */
export async function qrPng(verifyUrl: string): Promise<Buffer> {
  const rendererOpts = { colorType: 0 } as Record<string, unknown>;
  return QRCode.toBuffer(verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6, rendererOpts });
}

function longDate(value: Date | string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(value));
}

type Doc = PDFKit.PDFDocument;

/** The largest size (down to `min`) at which `text` fits on one line of `width`. */
function fitSize(doc: Doc, text: string, font: string, max: number, min: number, width: number): number {
  let size = max;
  while (size > min && doc.font(font).fontSize(size).widthOfString(text) > width) size -= 1;
  return size;
}

function centered(doc: Doc, text: string, y: number, font: string, size: number, color = INK): number {
  const { width } = doc.page;
  doc.font(font).fontSize(size).fillColor(color).text(text, 60, y, { width: width - 120, align: 'center' });
  return doc.y;
}

function frame(doc: Doc): void {
  const { width, height } = doc.page;
  doc.lineWidth(3).strokeColor(ACCENT).rect(24, 24, width - 48, height - 48).stroke();
  doc.lineWidth(0.75).rect(32, 32, width - 64, height - 64).stroke();
}

function body(doc: Doc, input: CertificatePdfInput): void {
  const width = doc.page.width - 120;
  const issuers = input.coIssuerName ? `${input.issuerName}  ·  with ${input.coIssuerName}` : input.issuerName;
  let y = centered(doc, issuers.toUpperCase(), 72, 'bold', 11, ACCENT);
  y = centered(doc, 'Certificate', y + 30, 'regular', 24, MUTED);
  y = centered(doc, 'This certifies that', y + 22, 'regular', 13, MUTED);
  y = centered(doc, input.holderName, y + 10, 'bold', fitSize(doc, input.holderName, 'bold', 34, 16, width), INK);
  y = centered(doc, 'has earned', y + 12, 'regular', 13, MUTED);
  y = centered(doc, input.achievementName, y + 10, 'bold', fitSize(doc, input.achievementName, 'bold', 24, 14, width), ACCENT);
  const until = input.validUntil ? `  ·  Valid until ${longDate(input.validUntil)}` : '';
  y = centered(doc, `Issued ${longDate(input.validFrom)}${until}`, y + 24, 'regular', 12, INK);
  if (input.credits) {
    const by = input.coIssuerName ? `, accredited by ${input.coIssuerName}` : '';
    centered(doc, `${input.credits}${by}`, y + 6, 'regular', 12, INK);
  }
}

function footer(doc: Doc, input: CertificatePdfInput, qr: Buffer): void {
  const { width, height } = doc.page;
  const qrSize = 104;
  const qrX = width - 60 - qrSize;
  const qrY = height - 60 - qrSize - 12;
  doc.image(qr, qrX, qrY, { width: qrSize, height: qrSize });
  doc.font('regular').fontSize(8).fillColor(MUTED).text('Scan to verify', qrX, qrY + qrSize + 2, { width: qrSize, align: 'center' });
  const textWidth = qrX - 80;
  const top = height - 60 - 74;
  doc.font('bold').fontSize(9).fillColor(INK).text('Certificate ID', 60, top, { width: textWidth });
  doc.font('regular').fontSize(9).text(input.certificateId, { width: textWidth });
  doc.font('bold').text('Verify at', 60, doc.y + 6, { width: textWidth });
  doc.font('regular').fillColor(ACCENT).text(input.verifyUrl, { width: textWidth, link: input.verifyUrl, underline: true });
  doc.fontSize(7.5).fillColor(MUTED).text(
    `This PDF carries the signed credential (${CREDENTIAL_ATTACHMENT}). Anyone can check it offline, or drop this file on the verification page.`,
    60,
    doc.y + 6,
    { width: textWidth },
  );
}

function attachCredential(doc: Doc, input: CertificatePdfInput): void {
  const json = typeof input.credentialJson === 'string' ? input.credentialJson : JSON.stringify(input.credentialJson, null, 2);
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
    lang: 'en',
    displayTitle: true,
    info: {
      Title: `${input.achievementName}: ${input.holderName}`,
      Author: input.issuerName,
      Subject: `Certificate ${input.certificateId}`,
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
