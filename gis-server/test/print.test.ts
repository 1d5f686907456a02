// The print browser keeps its pages warm between prints, and no more of them than its
// bound: real headless Chromium (Debian's), as the server runs it.
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { PrintBrowser } from '../src/print/browser';
import { warmComposite } from '../src/print/map-composite';

const print = new PrintBrowser({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', maxPages: 2 }, pino({ level: 'silent' }));
afterAll(() => print.close());

describe('the print browser', () => {
  it('prints on warm pages, keeps at most its bound of them, and closes a page whose work failed', async () => {
    const pdfs = await Promise.all(Array.from({ length: 5 }, (_, i) => print.pdf(`<p>Page ${i}</p>`, { locale: 'fr' })));
    expect(pdfs.map((pdf) => pdf.subarray(0, 5).toString())).toEqual(Array(5).fill('%PDF-'));
    expect(print.idlePages()).toEqual({ 'pdf:fr': 2 });
    const reused = await print.withWarmPage('pdf:fr', {}, async () => undefined, async (page) => page.evaluate('document.body.textContent'));
    expect(reused).toMatch(/^Page \d$/);
    await expect(print.withWarmPage('pdf:fr', {}, async () => undefined, async () => { throw new Error('broken'); })).rejects.toThrow('broken');
    expect(print.idlePages()).toEqual({ 'pdf:fr': 1 });
  }, 60_000);

  it('opens a map page with MapLibre loaded ahead of the first composite (the server warms it when it starts)', async () => {
    await warmComposite(print, { pixelRatio: 2, detail: 2 });
    expect(print.idlePages()).toMatchObject({ 'map:1': 1 });
  }, 60_000);
});
