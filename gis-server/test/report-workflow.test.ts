// The report workflow after the draft (issue 18): validate (the drawn signature stamped in
// the box of the last page, the PDF signed with the company's certificate: pdfsig judges),
// send (a local SMTP server receives the signed PDF), archive (immutable, SHA-256), a new
// draft makes a new version; who did what is recorded. The draft is made here as the render
// job makes it: a PDF printed by the print capability, in the file store's `reports`.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { type ParsedMail, simpleParser } from 'mailparser';
import pino from 'pino';
import sharp from 'sharp';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { CMS_OIDS, pdfSignature } from '../../test-support/pdf-signature';
import { TimestampAuthority } from '../../test-support/tsa';
import { PrintBrowser } from '../src/print/browser';
import { makeSelfSignedP12 } from '../src/capabilities/report-workflow/certificate';
import { reportStore } from '../src/capabilities/report-workflow/repo';

const run = promisify(execFile);
const OUT = new URL('../../e2e/screenshots/', import.meta.url).pathname;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let t: TestApp;
let dir: string;
let smtp: SMTPServer;
let tsa: TimestampAuthority;
const received: ParsedMail[] = [];
let manager: Record<string, string>;
let tech: Record<string, string>;
let client: Record<string, string>;
let reportId: string;
let signature: string;

function binary(res: unknown, done: (error: Error | null, body: Buffer) => void) {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

/** A draft as the render job leaves it: a two-page A4 PDF in the store, its key and SHA-256 on the report. */
async function draft(text: string): Promise<string> {
  const print = new PrintBrowser({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', maxPages: 1 }, pino({ level: 'silent' }));
  try {
    const pdf = await print.pdf(`<h1>${text}</h1><p>Page 1</p><div style="break-before: page"><p>Conclusions</p></div>`, { locale: 'fr' });
    const store = reportStore(t.app.deps.config.filesDir);
    const stored = await store.put(Readable.from(pdf));
    await t.db.pool.query('update reports set document_key = $2, sha256 = $3 where id = $1', [reportId, store.key(stored.sha256), stored.sha256]);
    return stored.sha256;
  } finally {
    await print.close();
  }
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _session, done) {
      simpleParser(stream).then((mail) => { received.push(mail); done(); }, done);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  tsa = await TimestampAuthority.start();
  dir = await mkdtemp(join(tmpdir(), 'calepin-report-'));
  await mkdir(OUT, { recursive: true });
  const p12 = join(dir, 'signing.p12');
  await writeFile(p12, makeSelfSignedP12('Diagnostics Test SAS', 'secret'));
  t = await testApp({ config: {
    smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    reportSigning: { p12Path: p12, passphrase: 'secret' },
    reportTimestamp: { url: tsa.url, username: null, password: null, policy: null, timeoutMs: 5000 },
    company: { name: 'Diagnostics Test SAS', details: null },
  } });
  manager = bearer(await t.token('manager'));
  tech = bearer(await t.token('technician'));
  client = bearer(await t.token('client'));
  const { rows } = await t.db.pool.query(
    `insert into reports (plant_id, audit_id, title, language)
     select a.plant_id, a.id, 'Audit EL 2026', 'fr' from audits a join plants p on p.id = a.plant_id
      where p.name = $1 and a.audit_type = 'el' returning id`, [DEMO_PLANTS.rooftop.name]);
  reportId = rows[0].id;
  // A signature drawn on the tablet: black strokes on a transparent background.
  const png = await sharp(Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="200"><path d="M20 150 C 120 10, 200 190, 300 80 S 480 40, 580 150" stroke="#000" stroke-width="14" fill="none"/></svg>'))
    .png().toBuffer();
  signature = `data:image/png;base64,${png.toString('base64')}`;
}, 120_000);
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await tsa?.close();
  await rm(dir, { recursive: true, force: true });
});

const detail = async (who = manager) => (await t.http.get(`/api/v1/reports/${reportId}`).set(who)).body;

/** Dark pixels of the last page at 50 dpi inside a rectangle given in PDF points from the bottom-left. */
async function inkIn(pdf: Buffer, rect: { x: number; y: number; w: number; h: number }): Promise<number> {
  const file = join(dir, 'page.pdf');
  await writeFile(file, pdf);
  await run('pdftoppm', ['-r', '50', '-png', '-f', '2', '-l', '2', '-singlefile', file, join(dir, 'page')]);
  const { data, info } = await sharp(await readFile(join(dir, 'page.png'))).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const k = 50 / 72;
  let dark = 0;
  for (let y = Math.round((841.89 - rect.y - rect.h) * k); y < Math.round((841.89 - rect.y) * k); y++) {
    for (let x = Math.round(rect.x * k); x < Math.round((rect.x + rect.w) * k); x++) {
      const i = (y * info.width + x) * 3;
      if ((data[i] as number) < 90 && (data[i + 1] as number) < 90 && (data[i + 2] as number) < 90) dark++;
    }
  }
  return dark;
}

describe('a report after its draft', () => {
  it('cannot be validated before its PDF exists, nor seen by its client while a draft', async () => {
    const res = await t.http.post(`/api/v1/reports/${reportId}/validate`).set(tech).send({ signature });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('report_no_draft');
    expect((await t.http.get(`/api/v1/reports/${reportId}`).set(client)).status).toBe(404);
  });

  it('refuses a signature that is not a PNG, naming the field', async () => {
    await draft('Rapport v1');
    const notData = await t.http.post(`/api/v1/reports/${reportId}/validate`).set(tech).send({ signature: 'data:image/jpeg;base64,AAAA' });
    expect(notData.status).toBe(400);
    expect(notData.body.error.field).toBe('signature');
    const notPng = await t.http.post(`/api/v1/reports/${reportId}/validate`).set(tech).send({ signature: `data:image/png;base64,${Buffer.from('hello').toString('base64')}` });
    expect(notPng.status).toBe(400);
    expect(notPng.body.error).toMatchObject({ code: 'signature_not_png', field: 'signature' });
  });

  it('is not validated while the time-stamping authority fails: 503 saying why, the report stays a draft', async () => {
    tsa.mode = 'http-500';
    try {
      const res = await t.http.post(`/api/v1/reports/${reportId}/validate`).set(tech).set('Accept-Language', 'fr').send({ signature });
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('timestamp_unavailable');
      expect(res.body.error.message).toContain('HTTP 500');
      expect(res.body.error.message).toContain('horodatage');
      expect(await detail()).toMatchObject({ status: 'draft', versions: [], can: { validate: true } });
    } finally {
      tsa.mode = 'grant';
    }
  });

  it('is validated by the diagnostician: signature stamped in the box, PDF signed and timestamped, pdfsig verifies', async () => {
    const res = await t.http.post(`/api/v1/reports/${reportId}/validate`).set(tech).send({ signature });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ status: 'validated', validatedBy: 'Chloé Bernard', can: { validate: false } });
    const [v1] = res.body.versions;
    expect(v1).toMatchObject({ version: 1, signedBy: 'Chloé Bernard', sentAt: null });
    expect(v1.certificateSubject).toContain('Diagnostics Test SAS');

    const pdf = (await t.http.get(`/api/v1/reports/${reportId}/versions/1/pdf`).set(manager).buffer(true).parse(binary)).body as Buffer;
    expect(sha(pdf)).toBe(v1.sha256);
    const file = join(dir, 'signed.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run('pdfsig', [file]);
    expect(stdout).toContain('Signature Validation: Signature is Valid.');
    expect(stdout).toContain('Signer Certificate Common Name: Diagnostics Test SAS (demo signing certificate)');
    expect(stdout).toContain('Signature Type: ETSI.CAdES.detached');
    expect(stdout).toContain('Total document signed');
    // PAdES baseline B-T: the CMS signs content-type, message-digest and the ESS
    // signing-certificate-v2 (the SHA-256 of the certificate it carries), and no signing-time;
    // the authority's token over the signature value rides unsigned (report-timestamp.test.ts
    // has openssl judge it).
    const cms = pdfSignature(pdf);
    expect(cms.signed.sort()).toEqual([CMS_OIDS.contentType, CMS_OIDS.messageDigest, CMS_OIDS.signingCertificateV2].sort());
    expect(cms.certificateHash).toBe(sha(cms.certificate));
    expect(cms.unsigned.map((a) => a.oid)).toEqual([CMS_OIDS.signatureTimeStampToken]);
    expect(tsa.requests.at(-1)?.digest.toString('hex')).toBe(sha(cms.signatureValue));
    expect(v1.timestampAuthority).toContain('Autorité d’horodatage Test');
    expect(Math.abs(Date.parse(v1.timestampedAt) - Date.parse(v1.signedAt))).toBeLessThan(10_000);

    // The box: 60 × 25 mm, its bottom-right corner 15 mm from the right and bottom edges of the A4 page.
    const mm = 72 / 25.4;
    const box = { x: 595.28 - 75 * mm, y: 15 * mm, w: 60 * mm, h: 25 * mm };
    expect(await inkIn(pdf, box)).toBeGreaterThan(40);
    expect(await inkIn(pdf, { ...box, x: box.x - 70 * mm })).toBe(0);
    // The page to look at, beside the browser tests' screenshots (not committed).
    await run('pdftoppm', ['-r', '80', '-png', '-f', '2', '-l', '2', '-singlefile', file, `${OUT}report-signed-last-page`]);
  }, 60_000);

  it('is validated once: a second validation is refused', async () => {
    const res = await t.http.post(`/api/v1/reports/${reportId}/validate`).set(tech).send({ signature });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('report_status');
  });

  it('is sent by e-mail: the local SMTP server receives the signed PDF; the client then reads it', async () => {
    expect((await t.http.post(`/api/v1/reports/${reportId}/send`).set(tech).send({ recipients: ['a@b.fr'] })).status).toBe(403);
    const bad = await t.http.post(`/api/v1/reports/${reportId}/send`).set(manager).send({ recipients: ['not-an-address'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('recipients.0');
    const res = await t.http.post(`/api/v1/reports/${reportId}/send`).set(manager)
      .send({ recipients: ['direction@ateliers-garonne.test', 'exploitation@ateliers-garonne.test'], message: 'Bonjour, voici le rapport.' });
    expect(res.status, res.text).toBe(200);
    expect(res.body.status).toBe('sent');
    await expect.poll(() => received.length, { timeout: 60_000, interval: 200 }).toBe(2);
    const mail = received.find((m) => m.text?.includes('Bonjour')) as ParsedMail;
    expect(mail.subject).toBe('Rapport d’audit — Toiture Ateliers Garonne — Audit EL 2026');
    expect(mail.text).toContain('validé et signé par Chloé Bernard');
    const [attachment] = mail.attachments;
    expect(attachment?.contentType).toBe('application/pdf');
    const v1 = (await detail()).versions[0];
    expect(sha(attachment?.content as Buffer)).toBe(v1.sha256);
    expect(mail.text).toContain(v1.sha256);
    expect(v1.sentTo.sort()).toEqual(['direction@ateliers-garonne.test', 'exploitation@ateliers-garonne.test']);

    const seen = await detail(client);
    expect(seen).toMatchObject({ status: 'sent', history: [], mails: [], draft: { sha256: null } });
    expect((await t.http.get(`/api/v1/reports/${reportId}/versions/1/pdf`).set(client)).status).toBe(200);
    await expect.poll(async () => (await detail()).mails.every((m: { status: string }) => m.status === 'sent')).toBe(true);
  }, 90_000);

  it('is archived: its version can no longer change, not even in SQL', async () => {
    const res = await t.http.post(`/api/v1/reports/${reportId}/archive`).set(manager);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ status: 'archived', versions: [{ version: 1, archivedBy: 'Bruno Garcia' }] });
    await expect(t.db.pool.query('update report_versions set sent_to = $2 where report_id = $1', [reportId, ['x@y.z']])).rejects.toThrow(/archived/);
    await expect(t.db.pool.query('update report_versions set sha256 = repeat($2, 64) where report_id = $1', [reportId, 'a'])).rejects.toThrow(/cannot change/);
    await expect(t.db.pool.query('delete from report_versions where report_id = $1', [reportId])).rejects.toThrow(/cannot be deleted/);
    expect((await t.http.post(`/api/v1/reports/${reportId}/archive`).set(manager)).status).toBe(409);
  });

  it('makes a new version after a new draft; the archived one stays byte for byte', async () => {
    const before = (await detail()).versions[0].sha256;
    await draft('Rapport v2');
    expect((await detail()).status).toBe('draft');
    const res = await t.http.post(`/api/v1/reports/${reportId}/validate`).set(manager).send({ signature });
    expect(res.status, res.text).toBe(200);
    expect(res.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const v1 = (await t.http.get(`/api/v1/reports/${reportId}/versions/1/pdf`).set(manager).buffer(true).parse(binary)).body as Buffer;
    expect(sha(v1)).toBe(before);
    // Who did what when, newest first.
    expect(res.body.history.map((e: { action: string; version: number; actor: string }) => [e.action, e.version, e.actor])).toEqual([
      ['validated', 2, 'Bruno Garcia'], ['archived', 1, 'Bruno Garcia'], ['sent', 1, 'Bruno Garcia'], ['validated', 1, 'Chloé Bernard'],
    ]);
    // The client still reads the version it received, and not the one not sent yet.
    expect((await detail(client)).versions.map((v: { version: number }) => v.version)).toEqual([1]);
    expect((await t.http.get(`/api/v1/reports/${reportId}/versions/2/pdf`).set(client)).status).toBe(404);
  }, 60_000);

  it('is in the plant’s history: every step for the office, sendings and archives for the client', async () => {
    const plantId = (await detail()).plantId;
    const office = (await t.http.get(`/api/v1/plants/${plantId}/history`).set(manager)).body.reports;
    expect(office.map((e: { action: string; version: number }) => `${e.action} v${e.version}`)).toEqual(['validated v2', 'archived v1', 'sent v1', 'validated v1']);
    expect(office[2].recipients.sort()).toEqual(['direction@ateliers-garonne.test', 'exploitation@ateliers-garonne.test']);
    const theirs = (await t.http.get(`/api/v1/plants/${plantId}/history`).set(client)).body.reports;
    expect(theirs.map((e: { action: string }) => e.action)).toEqual(['archived', 'sent']);
  });
});
