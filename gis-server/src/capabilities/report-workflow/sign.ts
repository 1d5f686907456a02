// The validated PDF: the diagnostician's drawn signature stamped in the signature box of
// the last page, then the whole document signed with the company's certificate (a PAdES
// baseline signature, sub-filter ETSI.CAdES.detached, pades.ts) that pdfsig and PDF
// readers verify: B-B, or B-T when a time-stamping authority is configured (timestamp.ts).
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
// The named class, not the default instance: Node's ESM sees the CommonJS module whole as its default.
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { createHash } from 'node:crypto';
import { PadesSigner } from './pades';
import { type Timestamp, type TsaConfig, requestTimestamp } from './timestamp';

const MM = 72 / 25.4;

/**
 * The box the report template leaves empty on its last page (the contract with the
 * rendering side): 60 × 25 mm, its bottom-right corner 15 mm from the right and bottom edges.
 */
export const SIGNATURE_BOX = { widthMm: 60, heightMm: 25, rightMm: 15, bottomMm: 15 } as const;

export function signatureBox(pageWidth: number) {
  const width = SIGNATURE_BOX.widthMm * MM;
  const height = SIGNATURE_BOX.heightMm * MM;
  return { x: pageWidth - SIGNATURE_BOX.rightMm * MM - width, y: SIGNATURE_BOX.bottomMm * MM, width, height };
}

export interface Signing {
  png: Uint8Array;
  signer: string;
  at: Date;
  company: string;
  location: string;
  reason: string;
  p12: Buffer;
  passphrase: string;
  /** The time-stamping authority, or none (baseline B-B). */
  tsa: TsaConfig | null;
}

export interface Signed {
  pdf: Buffer;
  /** The authority's stamp on the signature (B-T), or null (B-B). */
  timestamp: Timestamp | null;
}

export class NotAPng extends Error {}

/**
 * The signed PDF. Throws NotAPng when the drawn signature cannot be read as a PNG, and
 * TimestampError when the authority gives no usable stamp.
 */
export async function signReport(draft: Uint8Array, s: Signing): Promise<Signed> {
  const doc = await PDFDocument.load(draft, { updateMetadata: false });
  let image;
  try {
    image = await doc.embedPng(s.png);
  } catch {
    throw new NotAPng('not a PNG');
  }
  const page = doc.getPage(doc.getPageCount() - 1);
  const box = signatureBox(page.getWidth());
  const font = await doc.embedFont(StandardFonts.Helvetica);
  // The drawing fits the box above a line naming the signer and the time, 2 mm inside.
  const pad = 2 * MM;
  const caption = 7;
  const room = { width: box.width - 2 * pad, height: box.height - 2 * pad - caption - 2 };
  const scale = Math.min(room.width / image.width, room.height / image.height);
  const w = image.width * scale;
  const h = image.height * scale;
  page.drawImage(image, { x: box.x + pad + (room.width - w) / 2, y: box.y + pad + caption + 2 + (room.height - h) / 2, width: w, height: h });
  // The standard font writes WinAnsi only: a name in another script keeps its Latin letters.
  const signer = s.signer.normalize('NFC').replace(/[^\x20-\x7E\u00A0-\u00FF]/g, '?');
  const line = `${signer} · ${s.at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  page.drawText(line, { x: box.x + pad, y: box.y + pad, size: caption, font, color: rgb(0.2, 0.2, 0.2), maxWidth: room.width });
  pdflibAddPlaceholder({
    pdfDoc: doc,
    pdfPage: page,
    reason: s.reason,
    contactInfo: s.company,
    name: s.signer,
    location: s.location,
    signingTime: s.at,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    widgetRect: [box.x, box.y, box.x + box.width, box.y + box.height],
    appName: 'Calepin',
    // Room for the CMS with the signer's chain and an authority's token with its own.
    signatureLength: 32_768,
  });
  const prepared = Buffer.from(await doc.save({ useObjectStreams: false }));
  let timestamp: Timestamp | null = null;
  const tsa = s.tsa;
  const stamp = tsa && (async (value: Buffer) => {
    timestamp = await requestTimestamp(tsa, createHash('sha256').update(value).digest());
    return timestamp.token;
  });
  const pdf = await new SignPdf().sign(prepared, new PadesSigner(s.p12, s.passphrase, stamp), s.at);
  return { pdf, timestamp };
}
