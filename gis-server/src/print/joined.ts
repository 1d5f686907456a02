// A long document printed in parts and joined, so that Chromium never lays out more than one
// part at a time: its memory grew with the whole report (13.4 GB over its processes for the
// 1,772 pages of a 250,000-module plant printed at once). The parts' pages are copied into one
// PDF with pdf-lib; the footer (title, "page n / N") cannot come from each part's print —
// Chromium numbers each from 1 — so Chromium prints it once more, alone, on as many blank
// pages as the parts made, and each of those is drawn over its page: the footer is
// Chromium's own, in the same font at the same place as in a document printed whole.
// One part is printed as it always was.
import { PDFDocument } from 'pdf-lib';
import type { PdfOptions, PrintBrowser } from './browser';

export interface JoinedTiming {
  parts: number;
  /** Milliseconds: printing the parts, printing the footers, copying and writing the joined PDF. */
  printMs: number;
  footerMs: number;
  joinMs: number;
}

/**
 * `parts` (whole HTML documents, in order) as one PDF, and its page count when joined (its
 * objects are then in compressed streams); `onPart` after each part is printed.
 */
export async function printJoined(
  print: PrintBrowser,
  parts: readonly string[],
  options: PdfOptions,
  onPart: (done: number, of: number) => Promise<void> | void = () => undefined,
): Promise<{ pdf: Buffer; pages: number | null; timing: JoinedTiming }> {
  const started = performance.now();
  if (parts.length === 1) {
    const pdf = await print.pdf(parts[0] as string, options);
    await onPart(1, 1);
    return { pdf, pages: null, timing: { parts: 1, printMs: performance.now() - started, footerMs: 0, joinMs: 0 } };
  }
  const joined = await PDFDocument.create({ updateMetadata: false });
  let printMs = 0;
  let joinMs = 0;
  for (const [i, html] of parts.entries()) {
    const t0 = performance.now();
    const part = await print.pdf(html, { ...options, footerTemplate: undefined, fresh: true });
    const t1 = performance.now();
    const source = await PDFDocument.load(part, { updateMetadata: false });
    for (const page of await joined.copyPages(source, source.getPageIndices())) joined.addPage(page);
    if (i === 0) copyInfo(source, joined);
    joinMs += performance.now() - t1;
    printMs += t1 - t0;
    await onPart(i + 1, parts.length);
  }
  const t2 = performance.now();
  const count = joined.getPageCount();
  const footers = options.footerTemplate ? await print.pdf(blankPages(count), { ...options, files: undefined, fresh: true }) : null;
  const t3 = performance.now();
  if (footers) {
    const embedded = await joined.embedPdf(footers, [...Array(count).keys()]);
    if (embedded.length !== count) throw new Error(`the footers came on ${embedded.length} pages for ${count}`);
    joined.getPages().forEach((page, i) => page.drawPage(embedded[i] as (typeof embedded)[number]));
  }
  const pdf = Buffer.from(await joined.save());
  joinMs += performance.now() - t3;
  return { pdf, pages: count, timing: { parts: parts.length, printMs, footerMs: t3 - t2, joinMs } };
}

/** `count` empty A4 pages (the footer template prints on each). */
export function blankPages(count: number): string {
  return `<!doctype html><html><head><style>@page { size: A4; } body { margin: 0; } div { break-after: page; height: 1px; } div:last-child { break-after: auto; }</style></head><body>${'<div></div>'.repeat(count)}</body></html>`;
}

function copyInfo(from: PDFDocument, to: PDFDocument) {
  const title = from.getTitle();
  if (title) to.setTitle(title);
  const creator = from.getCreator();
  if (creator) to.setCreator(creator);
  const producer = from.getProducer();
  if (producer) to.setProducer(producer);
  const created = from.getCreationDate();
  if (created) to.setCreationDate(created);
}
