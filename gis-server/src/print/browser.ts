import type { Logger } from 'pino';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';

export interface PrintOptions {
  /** Debian's Chromium (a runtime dependency: scripts/system-packages.sh installs it). */
  executablePath: string;
  /** Pages open at once: each holds a renderer process and a WebGL context. */
  maxPages: number;
}

export interface PdfOptions {
  footerTemplate?: string;
  locale?: string;
  margin?: { top: string; bottom: string; left: string; right: string };
  files?: { origin: string; serve(path: string): Promise<{ body: Buffer; contentType: string } | null> };
  timeoutMs?: number;
  /**
   * A page of its own, closed after (its renderer process and memory with it), instead of a
   * warm one: a renderer keeps the memory of the biggest document it laid out (a report's
   * parts printed one after another on a warm page grew it from 2.2 to 12 GB).
   */
  fresh?: boolean;
}

export interface PageOptions {
  width?: number;
  height?: number;
  deviceScaleFactor?: number;
  locale?: string;
}

/**
 * One long-lived headless Chromium per server for everything printed (mission orders,
 * reports): starting Chromium costs about a second, a new page a few milliseconds, and a
 * page with MapLibre loaded and its WebGL context up 1.5–3 s (bench/RESULTS.md): those are
 * kept warm (`withWarmPage`). At most `maxPages` pages work at once; more callers wait
 * their turn. A browser that crashed is started again by the next call.
 */
export class PrintBrowser {
  private browser: Promise<Browser> | null = null;
  private active = 0;
  private waiting: (() => void)[] = [];
  /** Idle warm pages by kind: at most `maxPages` of each, so memory stays bounded. */
  private warm = new Map<string, Page[]>();

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
          this.warm.clear();
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
      const fresh = await this.newPage(options);
      context = fresh.context;
      return await work(fresh.page);
    } finally {
      await context?.close().catch(() => undefined);
      this.release();
    }
  }

  /** A page of its own context, every request refused unless the caller routes it (`withPage`). */
  private async newPage(options: PageOptions): Promise<{ context: BrowserContext; page: Page }> {
    const browser = await this.launch();
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1024, height: options.height ?? 768 },
      deviceScaleFactor: options.deviceScaleFactor ?? 1,
      locale: options.locale,
    });
    await context.route(/^(?!data:|blob:|about:)/, (route) => route.abort('blockedbyclient'));
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    return { context, page };
  }

  /**
   * A page kept open between prints of the same `kind` (what `prepare` set up once stays:
   * MapLibre loaded, its routes), for `work`, which must leave it as it found it. A page
   * whose work failed is closed rather than reused (its state is unknown). `kind` names
   * everything that cannot change on an open page (its pixel ratio).
   */
  async withWarmPage<T>(kind: string, options: PageOptions, prepare: (page: Page) => Promise<void>, work: (page: Page) => Promise<T>): Promise<T> {
    await this.acquire();
    let page = this.warm.get(kind)?.pop() ?? null;
    try {
      if (page?.isClosed()) page = null;
      if (!page) {
        page = (await this.newPage(options)).page;
        await prepare(page);
      }
      if (options.width && options.height) await page.setViewportSize({ width: options.width, height: options.height });
      const result = await work(page);
      const idle = this.warm.get(kind) ?? [];
      if (idle.length < this.options.maxPages) {
        idle.push(page);
        this.warm.set(kind, idle);
        page = null;
      }
      return result;
    } finally {
      await page?.context().close().catch(() => undefined);
      this.release();
    }
  }

  /**
   * An HTML document printed to PDF, on a warm page. Images are data: URLs, or URLs under
   * `files.origin` that `files.serve` answers one request at a time (a report's photos are
   * read from the file store as the page asks for them, never all held in the HTML).
   */
  async pdf(html: string, options: PdfOptions = {}): Promise<Buffer> {
    // The locale is the page's (dates and numbers the template leaves to the browser): one warm page per locale.
    const pageOptions = { locale: options.locale };
    const print = async (page: Page) => {
      const files = options.files;
      const pattern = files ? `${files.origin}/**` : null;
      if (files && pattern) {
        await page.route(pattern, async (route) => {
          const found = await files.serve(new URL(route.request().url()).pathname).catch(() => null);
          await (found ? route.fulfill({ body: found.body, contentType: found.contentType }) : route.fulfill({ status: 404, body: '' }));
        });
      }
      try {
        await page.setContent(html, { waitUntil: 'load', timeout: options.timeoutMs ?? 60_000 });
        await page.evaluate('document.fonts.ready.then(() => undefined)');
        return await page.pdf({
          format: 'A4',
          printBackground: true,
          preferCSSPageSize: true,
          displayHeaderFooter: Boolean(options.footerTemplate),
          headerTemplate: '<span></span>',
          footerTemplate: options.footerTemplate ?? '',
          margin: options.margin ?? { top: '14mm', bottom: '16mm', left: '14mm', right: '14mm' },
        });
      } finally {
        // A print with files (a report: maps, photos) leaves no route on the warm page, nor
        // its images held until the next print.
        if (pattern) {
          await page.unroute(pattern);
          await page.setContent('<!doctype html>').catch(() => undefined);
        }
      }
    };
    return options.fresh ? this.withPage(pageOptions, print) : this.withWarmPage(`pdf:${options.locale ?? ''}`, pageOptions, async () => undefined, print);
  }

  /** The warm pages waiting for their next print, by kind (logs, tests). */
  idlePages(): Record<string, number> {
    return Object.fromEntries([...this.warm].filter(([, pages]) => pages.length).map(([kind, pages]) => [kind, pages.length]));
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    this.warm.clear();
    await (await browser?.catch(() => null))?.close().catch(() => undefined);
  }
}
