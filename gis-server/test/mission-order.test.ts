// The mission order as the team receives it: the PDF (pages as PNG and its text, through
// poppler) with the plant map drawn from a real tile-server, and the e-mail with its
// attachment and calendar invitation, received by a local SMTP server.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test-support/app';
import { type PrintApp, printApp } from '../../test-support/print-app';
import { renderOrder } from '../src/capabilities/missions/order/render';
import { type MissionFixture, missionFixture } from './missions-support';

let t: TestApp;
let f: MissionFixture;
let smtp: SMTPServer;
let app: PrintApp;
const received: ParsedMail[] = [];
// Beside the browser tests' screenshots: pages to look at, not committed.
const OUT = new URL('../../e2e/screenshots/', import.meta.url).pathname;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _session, done) {
      simpleParser(stream).then((mail) => { received.push(mail); done(); }, done);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  app = await printApp({ smtpUrl: `smtp://127.0.0.1:${smtpPort}`, printOrders: true });
  t = app.t;
  f = await missionFixture(t);
}, 300_000);
afterAll(async () => {
  await app.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + 240_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    // Polled: the jobs run on pg-boss in this process, and their state is in the database.
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (Date.now() > deadline) throw new Error(what);
  }
}

describe('the mission order PDF and its e-mails', () => {
  it('renders the order with its map, mails each member the PDF and an invitation, keeps old versions', async () => {
    const choices = await t.http.get(`/api/v1/plants/${f.plants.ground}/mission-choices`).set(f.manager);
    const { body: mission } = await t.http.post('/api/v1/missions').set(f.manager).set('accept-language', 'fr').send({
      plantId: f.plants.ground, title: 'Audit électroluminescence de nuit', auditTypes: ['el', 'iv'], leadId: f.tech, technicianIds: [f.tech2],
      estimatedHours: 7, accessNotes: 'Portail nord, code 4512. Clé au poste de livraison.',
      zoneIds: choices.body.zones.slice(0, 2).map((z: { id: string }) => z.id),
      checklistTemplateIds: choices.body.checklistTemplates.map((c: { id: string }) => c.id),
    });
    expect(mission.reference).toBeTruthy();
    for (const technicianId of [f.tech, f.tech2]) {
      const slot = await t.http.post(`/api/v1/missions/${mission.id}/interventions`).set(f.manager)
        .send({ technicianId, start: '2030-01-15T19:00:00Z', end: '2030-01-16T02:00:00Z' });
      expect(slot.status, slot.text).toBe(201);
    }
    const planned = await t.http.post(`/api/v1/missions/${mission.id}/status`).set(f.manager).send({ status: 'planned' });
    expect(planned.status, planned.text).toBe(200);
    expect(planned.body.mail).toEqual({ configured: true, queued: 2 });

    const sent = await until('the mails were not sent', async () => {
      const activity = await t.http.get(`/api/v1/missions/${mission.id}/activity`).set(f.manager);
      const mails = activity.body.mails.filter((m: { kind: string }) => m.kind === 'planned');

      return mails.length === 2 && mails.every((m: { status: string }) => m.status === 'sent') && activity.body;
    });
    expect(sent.documents.length).toBeGreaterThanOrEqual(2);

    // The PDF, in French: its text (pdftotext) and its pages (pdftoppm), looked at by a person too.
    const dir = mkdtempSync(join(tmpdir(), 'calepin-order-'));
    const pdf = await t.http.get(`/api/v1/missions/${mission.id}/order.pdf?lang=fr`).set(f.manager).buffer(true)
      .parse((res, cb) => { const chunks: Buffer[] = []; res.on('data', (c: Buffer) => chunks.push(c)); res.on('end', () => cb(null, Buffer.concat(chunks))); });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    writeFileSync(join(dir, 'order.pdf'), pdf.body as Buffer);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'order.pdf'), '-']).toString();
    for (const expected of ['Ordre de mission', mission.reference, 'Centrale au sol de Saint-Lys', 'Portail nord, code 4512',
      'Travail de nuit', 'Électroluminescence', 'Courbes I-V', 'Chloé Bernard', 'Damien Petit', 'Soleil d\'Occitanie SAS',
      'Modèles de modules', '9 216', 'Ouvrir la mission dans l’application terrain', `/field/missions/${mission.id}`]) {
      expect(text, expected).toContain(expected);
    }
    mkdirSync(OUT, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '80', join(dir, 'order.pdf'), join(OUT, 'mission-order-fr')]);
    const pages = readdirSync(OUT).filter((n) => n.startsWith('mission-order-fr'));
    expect(pages.length).toBeGreaterThanOrEqual(1);
    const english = await t.http.get(`/api/v1/missions/${mission.id}/order.pdf?lang=en`).set(f.manager).buffer(true)
      .parse((res, cb) => { const chunks: Buffer[] = []; res.on('data', (c: Buffer) => chunks.push(c)); res.on('end', () => cb(null, Buffer.concat(chunks))); });
    writeFileSync(join(dir, 'order-en.pdf'), english.body as Buffer);
    const englishText = execFileSync('pdftotext', ['-layout', join(dir, 'order-en.pdf'), '-']).toString();
    expect(englishText).toContain('Mission order');
    // The default safety instructions, created in French, print in the order's language.
    expect(englishText).toContain('Night work');
    expect(englishText).not.toContain('Travail de nuit');
    execFileSync('pdftoppm', ['-png', '-r', '80', join(dir, 'order-en.pdf'), join(OUT, 'mission-order-en')]);

    // The mails: one per member, in their language, the PDF attached, an invitation for their slot.
    const mails = received.filter((m) => m.subject?.includes(mission.reference));
    expect(mails.map((m) => (m.to as { text: string }).text).sort()).toHaveLength(2);
    // Damien Petit reads English, Chloé Bernard French.
    const inEnglish = mails.find((m) => m.text?.startsWith('Hello Damien Petit')) as ParsedMail;
    expect(mails.find((m) => m.text?.startsWith('Bonjour Chloé Bernard'))).toBeTruthy();
    expect(inEnglish.text).toContain('you are on mission');
    const attachment = inEnglish.attachments.find((a) => a.contentType === 'application/pdf');
    expect(attachment?.content.subarray(0, 5).toString()).toBe('%PDF-');
    const ics = inEnglish.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    const calendar = new ICAL.Component(ICAL.parse((ics as { content: Buffer }).content.toString()));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent') as ICAL.Component);
    expect(event.startDate.toJSDate().toISOString()).toBe('2030-01-15T19:00:00.000Z');
    expect(event.summary).toContain(mission.reference);

    // A change: a new version, and the old one is kept.
    const changed = await t.http.patch(`/api/v1/missions/${mission.id}`).set(f.manager).send({ accessNotes: 'Portail sud désormais.' });
    expect(changed.body.mail.queued).toBe(2);
    await until('no second version', async () => {
      const activity = await t.http.get(`/api/v1/missions/${mission.id}/activity`).set(f.manager);
      return activity.body.mails.filter((m: { kind: string; status: string }) => m.kind === 'changed' && m.status === 'sent').length === 2;
    });
    const versions = (await t.http.get(`/api/v1/missions/${mission.id}/activity`).set(f.manager)).body.documents.map((d: { version: number }) => d.version);
    expect(new Set(versions).size).toBeGreaterThanOrEqual(2);
    const first = await t.http.get(`/api/v1/missions/${mission.id}/order.pdf?version=1&lang=en`).set(f.manager);
    expect(first.status).toBe(200);
    expect((await t.http.get(`/api/v1/missions/${mission.id}/order.pdf?version=99`).set(f.manager)).status).toBe(404);

    // A member added to the planned mission hears of the plan itself, the others of a change.
    const admin = { authorization: `Bearer ${await t.token('admin')}` };
    const email = `tech3-${Date.now()}@example.fr`;
    const newcomer = await t.http.post('/api/v1/users').set(admin).send({
      email, role: 'technician', fullName: 'Inès Garnier', password: 'a-long-password', locale: 'fr',
    });
    const added = await t.http.patch(`/api/v1/missions/${mission.id}`).set(f.manager).send({ technicianIds: [f.tech2, newcomer.body.id] });
    expect(added.body.mail.queued).toBe(3);
    const third = await until('the newcomer was not mailed', async () => {
      const activity = await t.http.get(`/api/v1/missions/${mission.id}/activity`).set(f.manager);
      const mails = activity.body.mails as { user: string; kind: string; status: string }[];
      return mails.filter((m) => m.status === 'sent').length === 7 && mails;
    });
    expect(third.filter((m) => m.user === 'Inès Garnier').map((m) => m.kind)).toEqual(['planned']);
    expect(third.filter((m) => m.kind === 'changed')).toHaveLength(4);
    const login = await t.http.post('/api/v1/auth/login').send({ email, password: 'a-long-password' });
    const bell = await t.http.get('/api/v1/notifications').set({ authorization: `Bearer ${login.body.accessToken}` });
    expect(bell.body.items.map((n: { kind: string }) => n.kind)).toEqual(['mission_planned']);
  }, 240_000);

  it('draws the map again when the layout changed, and reuses it when only the mission did', async () => {
    const { rows } = await t.db.pool.query<{ id: string }>('select id from missions where plant_id = $1 order by created_at desc limit 1', [f.plants.ground]);
    const id = rows[0]!.id;
    await renderOrder(t.app.deps, id);
    expect((await renderOrder(t.app.deps, id)).mapDrawn).toBe(false);
    await t.db.pool.query(
      `update modules set status = 'dead' where id = (select id from modules where plant_id = $1 and deleted_at is null order by code limit 1)`,
      [f.plants.ground]);
    expect((await renderOrder(t.app.deps, id)).mapDrawn).toBe(true);
  }, 240_000);
});
