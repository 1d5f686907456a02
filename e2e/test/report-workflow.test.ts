// The report page (/reports/:id) as the office uses it after the draft: the diagnostician
// signs in the box and validates (the signature timestamped by a local time-stamping
// authority), the manager sends it to the client (a local SMTP server
// receives it) and archives it; the client then reads the version it received.
// Screenshots in French and English (e2e/screenshots/report-*).
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { PrintBrowser } from '../../gis-server/src/print/browser';
import { makeSelfSignedP12 } from '../../gis-server/src/capabilities/report-workflow/certificate';
import { reportStore } from '../../gis-server/src/capabilities/report-workflow/repo';
import { TimestampAuthority } from '../../test-support/tsa';
import { CHROMIUM, type E2e, login, screenshot, startE2e } from '../support';

let e2e: E2e;
let smtp: SMTPServer;
let tsa: TimestampAuthority;
let dir: string;
let mails = 0;
let reportId: string;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _session, done) { stream.resume(); stream.on('end', () => { mails++; done(); }); },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  tsa = await TimestampAuthority.start();
  dir = await mkdtemp(join(tmpdir(), 'calepin-e2e-report-'));
  const p12 = join(dir, 'signing.p12');
  await writeFile(p12, makeSelfSignedP12('Calepin Diagnostics', ''));
  e2e = await startE2e({ config: {
    smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    reportSigning: { p12Path: p12, passphrase: '' },
    reportTimestamp: { url: tsa.url, username: null, password: null, policy: null, timeoutMs: 10_000 },
  } });
  const { rows } = await e2e.db.pool.query(
    `insert into reports (plant_id, audit_id, title, language)
     select a.plant_id, a.id, 'Audit EL — nuit du 12 novembre', 'fr' from audits a join plants p on p.id = a.plant_id
      where p.name = $1 and a.audit_type = 'el' returning id`, [DEMO_PLANTS.rooftop.name]);
  reportId = rows[0].id;
  // The draft as the render job leaves it.
  const print = new PrintBrowser({ executablePath: CHROMIUM, maxPages: 1 }, pino({ level: 'silent' }));
  const pdf = await print.pdf('<h1>Rapport</h1><div style="break-before: page">Conclusions</div>', { locale: 'fr' });
  await print.close();
  const store = reportStore(e2e.filesDir);
  const stored = await store.put(Readable.from(pdf));
  await e2e.db.pool.query('update reports set document_key = $2, sha256 = $3 where id = $1', [reportId, store.key(stored.sha256), stored.sha256]);
}, 120_000);
afterAll(async () => {
  await e2e?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await tsa?.close();
  await rm(dir, { recursive: true, force: true });
});

async function sign(page: Page) {
  const pad = await page.locator('[data-testid=signature-pad]').boundingBox();
  if (!pad) throw new Error('no signature pad');
  await page.mouse.move(pad.x + 30, pad.y + pad.height * 0.7);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) {
    await page.mouse.move(pad.x + 30 + i * (pad.width - 60) / 20, pad.y + pad.height * (0.5 + 0.3 * Math.sin(i / 3)));
  }
  await page.mouse.up();
}

describe('the report page', () => {
  it('the diagnostician signs and validates the draft (French)', async () => {
    const page = await e2e.page('fr-FR');
    await login(page, 'technician');
    await page.goto(`/reports/${reportId}`);
    await page.waitForSelector('[data-testid=report-validate]');
    await page.click('[data-testid=report-validate-submit]');
    expect(await page.textContent('[data-testid=report-validate]')).toContain('Signez d’abord dans le cadre.');
    await sign(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, 'report-draft-fr');
    await page.click('[data-testid=report-validate-submit]');
    await page.waitForFunction(() => document.querySelector('[data-testid=report-status]')?.textContent === 'Validé');
    expect(await page.textContent('[data-testid=report-versions]')).toContain('Chloé Bernard');
    expect(await page.textContent('[data-testid=report-timestamp]')).toMatch(/^Horodatée le .+ par CN=Autorité d’horodatage Test/);
  });

  it('the manager sends it and archives it; the history says who did what', async () => {
    const page = await e2e.page('fr-FR');
    await login(page, 'manager');
    await page.goto(`/reports/${reportId}`);
    await page.fill('[data-testid=report-recipients]', 'direction@ateliers-garonne.test');
    await page.click('[data-testid=report-send-submit]');
    await page.waitForFunction(() => document.querySelector('[data-testid=report-status]')?.textContent === 'Envoyé');
    await expect.poll(() => mails, { timeout: 60_000 }).toBe(1);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('[data-testid=report-archive-submit]');
    await page.waitForFunction(() => document.querySelector('[data-testid=report-status]')?.textContent === 'Archivé');
    const history = await page.textContent('[data-testid=report-history]');
    expect(history).toContain('Bruno Garcia a archivé la version 1');
    expect(history).toContain('Chloé Bernard a validé la version 1');
    await page.setViewportSize({ width: 1280, height: 1000 });
    await screenshot(page, 'report-archived-fr');
    // The plant's history says it too, with a link back to the report.
    await page.click('text=Toiture Ateliers Garonne');
    await page.waitForSelector('[data-testid=history-reports]');
    expect(await page.textContent('[data-testid=history-reports]')).toContain('Bruno Garcia a archivé la version 1');
    await page.locator('[data-testid=history-reports]').scrollIntoViewIfNeeded();
    await screenshot(page, 'report-plant-history-fr');
  }, 90_000);

  it('reads in English, and the client sees the version it received', async () => {
    const page = await e2e.page('en-US');
    await login(page, 'manager');
    await page.goto(`/reports/${reportId}`);
    await page.waitForSelector('[data-testid=report-history]');
    expect(await page.textContent('[data-testid=report-history]')).toContain('sent version 1 to direction@ateliers-garonne.test');
    expect(await page.textContent('[data-testid=report-timestamp]')).toMatch(/^Timestamped .+ by CN=Autorité d’horodatage Test/);
    await page.setViewportSize({ width: 1280, height: 1000 });
    await screenshot(page, 'report-archived-en');
    const client = await e2e.page('en-US');
    await login(client, 'client');
    await client.goto(`/reports/${reportId}`);
    await client.waitForSelector('[data-testid=report-versions]');
    expect(await client.locator('[data-testid=report-history]').count()).toBe(0);
    await screenshot(client, 'report-client-en');
  });
});
