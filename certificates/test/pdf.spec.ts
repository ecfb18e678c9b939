import { crc32 } from 'node:zlib';
import jsQRModule from 'jsqr';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFString,
} from 'pdf-lib';
import { PNG } from 'pngjs';
import {
  extractCredentialFromPdf,
  datesLine,
  qrPng,
  renderCertificatePdf,
  revokedLines,
  verifyCredential,
  type JsonObject,
} from '../src/index.js';
import { issueCoIssued, makeOrgs, StatusLists } from './support/factory.js';

let signed: JsonObject;
let lists: StatusLists;
let pdf: Buffer;
const verifyUrl = 'https://kindred.example/verify?id=urn%3Auuid%3A1234';

beforeAll(async () => {
  const { city, university } = await makeOrgs();
  lists = new StatusLists(city);
  await lists.publish();
  signed = await issueCoIssued(city, university, lists);
  pdf = await renderCertificatePdf({
    holderName: 'Ana Pérez',
    achievementName: 'Accredited Peer Supporter',
    issuerName: 'City of Riverside Peer Support Program',
    coIssuerName: 'Riverside University',
    validFrom: signed.validFrom as string,
    validUntil: signed.validUntil as string,
    credits: '3.0 CEUs',
    certificateId: signed.id as string,
    verifyUrl,
    credentialJson: signed,
  });
});

// jsqr is CommonJS with `exports.default`: under Node's ESM interop the function is one level down.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ??
  jsQRModule) as unknown as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;

function decodeQr(png: PNG): string | undefined {
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body) >>> 0, 8 + data.length);
  return out;
}

/** The concatenated IDAT data of a PNG: the compressed pixels pdfkit copies into the PDF. */
function idatOf(png: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT')
      parts.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  return Buffer.concat(parts);
}

/** Rebuilds a PNG from the page's image XObject (PNG-predicted Flate data) found with pdf-lib. */
async function qrImageFromPdf(bytes: Buffer): Promise<PNG> {
  const doc = await PDFDocument.load(bytes);
  const xobjects = doc.getPage(0).node.Resources()!.lookup(PDFName.of('XObject'), PDFDict);
  const image = xobjects
    .values()
    .map((ref) => doc.context.lookup(ref))
    .find((o): o is PDFRawStream => o instanceof PDFRawStream)!;
  const dict = image.dict;
  const num = (key: string, d = dict) => d.lookup(PDFName.of(key), PDFNumber).asNumber();
  const parms = dict.lookup(PDFName.of('DecodeParms'), PDFDict);
  expect(num('Predictor', parms)).toBe(15);
  expect(num('Colors', parms)).toBe(1);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(num('Width'), 0);
  ihdr.writeUInt32BE(num('Height'), 4);
  ihdr.writeUInt8(num('BitsPerComponent'), 8);
  ihdr.writeUInt8(0, 9); // greyscale
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const png = Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from(image.contents)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return PNG.sync.read(png);
}

function embeddedFilesWithPdfLib(doc: PDFDocument): Map<string, Buffer> {
  const names = doc.catalog
    .lookup(PDFName.of('Names'), PDFDict)
    .lookup(PDFName.of('EmbeddedFiles'), PDFDict)
    .lookup(PDFName.of('Names'), PDFArray);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < names.size(); i += 2) {
    const spec = names.lookup(i + 1, PDFDict);
    const stream = spec.lookup(PDFName.of('EF'), PDFDict).lookup(PDFName.of('F')) as PDFRawStream;
    files.set(
      names.lookup(i, PDFString).decodeText(),
      Buffer.from(decodePDFRawStream(stream).decode()),
    );
  }
  return files;
}

describe('the certificate PDF', () => {
  it('comes out byte for byte the same when made again after others (text shaping is reused across PDFs)', async () => {
    const input = {
      holderName: 'Zoë Ångström',
      achievementName: 'Peer Support Foundations',
      issuerName: 'Riverside',
      coIssuerName: 'Riverside University',
      validFrom: '2026-01-01T00:00:00Z',
      credits: '3.0 CEUs',
      certificateId: 'urn:uuid:5',
      verifyUrl,
      credentialJson: { id: 'urn:uuid:5' },
    };
    const first = await renderCertificatePdf(input);
    for (const name of ['Zoë', 'Ana Pérez', 'Peer Support Foundations'])
      await renderCertificatePdf({
        ...input,
        holderName: name,
        achievementName: `${name} Foundations`,
      });
    expect((await renderCertificatePdf(input)).equals(first)).toBe(true);
  });

  it('is one landscape page', async () => {
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(1);
    const { width, height } = doc.getPage(0).getSize();
    expect(Math.round(width)).toBe(842);
    expect(Math.round(height)).toBe(595);
    expect(doc.getTitle()).toBe('Accredited Peer Supporter: Ana Pérez');
  });

  it('of a revoked certificate states no validity: it says when and by whom it was revoked, and the category', async () => {
    const revoked = {
      on: '2026-12-02T10:00:00Z',
      by: 'Riverside Peer Support Network',
      reason: 'issued in error',
    };
    const input = {
      validFrom: '2026-01-01T00:00:00Z',
      validUntil: '2028-01-01T00:00:00Z',
    };
    expect(datesLine(input)).toBe('Issued 1 January 2026  ·  Valid until 1 January 2028');
    expect(datesLine({ ...input, revoked })).toBe('Issued 1 January 2026');
    expect(revokedLines(revoked)).toEqual([
      'REVOKED on 2 December 2026 by Riverside Peer Support Network',
      'Reason: issued in error',
    ]);
    const doc = await PDFDocument.load(
      await renderCertificatePdf({
        holderName: 'Sam Okafor',
        achievementName: 'Kindred Peer Supporter Foundations',
        issuerName: 'Riverside Peer Support Network',
        ...input,
        revoked,
        certificateId: 'urn:uuid:6',
        verifyUrl,
        credentialJson: { id: 'urn:uuid:6' },
      }),
    );
    expect(doc.getPageCount()).toBe(1);
  });

  it('speaks the reader’s language: Spanish words and dates, and a PDF declared Spanish', async () => {
    const input = {
      validFrom: '2026-01-01T00:00:00Z',
      validUntil: '2028-01-01T00:00:00Z',
      lang: 'es' as const,
    };
    expect(datesLine(input)).toBe(
      'Emitido el 1 de enero de 2026  ·  Válido hasta el 1 de enero de 2028',
    );
    expect(
      revokedLines(
        {
          on: '2026-12-02T10:00:00Z',
          by: 'Riverside Peer Support Network',
          reason: 'emitido por error',
        },
        'es',
      ),
    ).toEqual([
      'REVOCADO el 2 de diciembre de 2026 por Riverside Peer Support Network',
      'Motivo: emitido por error',
    ]);
    const bytes = await renderCertificatePdf({
      holderName: 'Tomás Rivera',
      achievementName: 'Fundamentos de Apoyo entre Pares de Kindred',
      issuerName: 'Riverside Peer Support Network',
      ...input,
      certificateId: 'urn:uuid:7',
      verifyUrl,
      credentialJson: { id: 'urn:uuid:7' },
    });
    const doc = await PDFDocument.load(bytes);
    expect(doc.getSubject()).toBe('Certificado urn:uuid:7');
    expect(bytes.toString('latin1')).toMatch(/\/Lang \(es\)/);
  });

  it('can be printed on US Letter instead', async () => {
    const letter = await renderCertificatePdf({
      holderName:
        'A very long holder name that would not fit at the largest size on one line of the page',
      achievementName: 'Kindred Peer Supporter Foundations',
      issuerName: 'City of Riverside Peer Support Program',
      validFrom: signed.validFrom as string,
      certificateId: signed.id as string,
      verifyUrl,
      credentialJson: JSON.stringify(signed),
      paper: 'LETTER',
    });
    const { width, height } = (await PDFDocument.load(letter)).getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([792, 612]);
    expect(extractCredentialFromPdf(letter)).toEqual(signed);
  });

  it('carries the signed credential as credential.json, which extracts and verifies', async () => {
    const files = embeddedFilesWithPdfLib(await PDFDocument.load(pdf));
    expect([...files.keys()]).toEqual(['credential.json']);
    expect(JSON.parse(files.get('credential.json')!.toString('utf8'))).toEqual(signed);
    const extracted = extractCredentialFromPdf(pdf);
    expect(extracted).toEqual(signed);
    expect((await verifyCredential(extracted, lists.options())).verdict).toBe('valid');
  });

  it('still yields its credential after being re-saved by another tool (pdf-lib, object streams)', async () => {
    const resaved = Buffer.from(
      await (await PDFDocument.load(pdf)).save({ useObjectStreams: true }),
    );
    expect(extractCredentialFromPdf(resaved)).toEqual(signed);
  });

  it('has a QR code that decodes to the verification URL, and is the PNG embedded in the PDF', async () => {
    const png = await qrPng(verifyUrl);
    expect(decodeQr(PNG.sync.read(png))).toBe(verifyUrl);
    expect(pdf.includes(idatOf(png))).toBe(true);
    expect(decodeQr(await qrImageFromPdf(pdf))).toBe(verifyUrl);
  });

  it('embeds its fonts (no unembedded standard fonts)', () => {
    const text = pdf.toString('latin1');
    expect((text.match(/\/FontFile2/g) ?? []).length).toBe(2);
    expect(text).toMatch(/DejaVuSans-Bold/);
    expect(text).not.toMatch(/\/BaseFont\s*\/(Helvetica|Times|Courier)/);
  });

  it('explains clearly when a PDF has no credential', async () => {
    const empty = await PDFDocument.create();
    empty.addPage();
    const bytes = Buffer.from(await empty.save());
    expect(() => extractCredentialFromPdf(bytes)).toThrow(/carries no credential/);
    expect(() => extractCredentialFromPdf(Buffer.from('not a pdf'))).toThrow(/not a PDF/);
  });
});
