import type { Logger } from 'pino';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';

export interface PrintOptions {
  /** Debian's Chromium (a runtime dependency: scripts/system-packages.sh installs it). */
  executablePath: string;
  /** Pages open at once: each holds a renderer process and a WebGL context. */
  maxPages: number;
}

export interface PageOptions {
  width?: number;
  height?: number;
  deviceScaleFactor?: number;
  locale?: string;
}

/**
 * One long-lived headless Chromium per server for everything printed (mission orders,
 * reports): starting Chromium costs about a second, a new page a few milliseconds. At
 * most `maxPages` pages at once; more callers wait their turn. A browser that crashed is
 * started again by the next call.
 */
export class PrintBrowser {
  private browser: Promise<Browser> | null = null;
  private active = 0;
  private waiting: (() => void)[] = [];

  constructor(
    private readonly options: PrintOptions,
    private readonly log: Logger,
  ) {}

  private launch(): Promise<Browser> {
    this.browser ??= chromium
      .launch({
        executablePath: this.options.executablePath,
        args: [
          '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
          '--disable-sync', '--no-first-run', '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
          '--font-render-hinting=none',
        ],
      })
      .then((browser) => {
        browser.on('disconnected', () => {
          this.log.warn('print browser stopped; the next print starts another');
          this.browser = null;
        });
        return browser;
      })
      .catch((error: unknown) => {
        this.browser = null;
        throw error;
      });
    return this.browser;
  }

  private async acquire(): Promise<void> {
    if (this.active < this.options.maxPages) {
      this.active += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }

  /**
   * A fresh page (own context: no cookies or cache shared between prints) for `work`.
   * Every request the page makes that `allow` does not fulfil is refused: a template
   * never reaches the network.
   */
  async withPage<T>(options: PageOptions, work: (page: Page) => Promise<T>): Promise<T> {
    await this.acquire();
    let context: BrowserContext | null = null;
    try {
      const browser = await this.launch();
      context = await browser.newContext({
        viewport: { width: options.width ?? 1024, height: options.height ?? 768 },
        deviceScaleFactor: options.deviceScaleFactor ?? 1,
        locale: options.locale,
      });
      await context.route(/^(?!data:|blob:|about:)/, (route) => route.abort('blockedbyclient'));
      const page = await context.newPage();
      page.setDefaultTimeout(60_000);
      return await work(page);
    } finally {
      await context?.close().catch(() => undefined);
      this.release();
    }
  }

  /** An HTML document (self-contained: images as data: URLs) printed to PDF. */
  async pdf(html: string, options: { footerTemplate?: string; locale?: string } = {}): Promise<Buffer> {
    return this.withPage({ locale: options.locale }, async (page) => {
      await page.setContent(html, { waitUntil: 'load' });
      await page.evaluate('document.fonts.ready.then(() => undefined)');
      return page.pdf({
        format: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: Boolean(options.footerTemplate),
        headerTemplate: '<span></span>',
        footerTemplate: options.footerTemplate ?? '',
        margin: { top: '14mm', bottom: '16mm', left: '14mm', right: '14mm' },
      });
    });
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    await (await browser?.catch(() => null))?.close().catch(() => undefined);
  }
}
