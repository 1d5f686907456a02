import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { Board, WeekRoutes } from '@calepin/core';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { type MissionFixture, missionFixture } from './missions-support';

let t: TestApp;
let f: MissionFixture;

beforeAll(async () => {
  t = await testApp();
  f = await missionFixture(t);
});
afterAll(() => t.close());

async function mission(body: object = {}): Promise<string> {
  const response = await t.http.post('/api/v1/missions').set(f.manager)
    .send({ plantId: f.plants.ground, title: 'Mission', auditTypes: ['thermography'], technicianIds: [f.tech], ...body });
  if (response.status !== 201) throw new Error(response.text);
  return response.body.id;
}
const book = (missionId: string, technicianId: string, start: string, end: string) =>
  t.http.post(`/api/v1/missions/${missionId}/interventions`).set(f.manager).set('accept-language', 'en').send({ technicianId, start, end });
const check = (body: object) => t.http.post('/api/v1/planning/check').set(f.manager).set('accept-language', 'en').send(body);

describe('planning conflicts, shown before saving and refused with a 409 that names them', () => {
  it('the same technician twice at once', async () => {
    const a = await mission({ title: 'First' });
    const b = await mission({ title: 'Second' });
    expect((await book(a, f.tech, '2031-03-03T08:00:00Z', '2031-03-03T12:00:00Z')).status).toBe(201);
    const seen = await check({ missionId: b, technicianId: f.tech, start: '2031-03-03T11:00:00Z', end: '2031-03-03T15:00:00Z' });
    expect(seen.body.conflicts.map((c: { kind: string }) => c.kind)).toEqual(['overlap']);
    const refused = await book(b, f.tech, '2031-03-03T11:00:00Z', '2031-03-03T15:00:00Z');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('conflict_overlap');
    expect(refused.body.error.message).toMatch(/^start: Chloé Bernard is already on OM-\d{4}-\d{3} \(Centrale au sol de Saint-Lys\) from 03\/03\/2031, 09:00 to 03\/03\/2031, 13:00$/);
    // Right after is fine (the same plant: no drive).
    expect((await book(b, f.tech, '2031-03-03T12:00:00Z', '2031-03-03T15:00:00Z')).status).toBe(201);
  });

  it('a technician on leave', async () => {
    const leave = await t.http.post('/api/v1/planning/unavailability').set(f.manager)
      .send({ technicianId: f.tech2, start: '2031-04-06T22:00:00Z', end: '2031-04-12T22:00:00Z', reason: 'leave' });
    expect(leave.status, leave.text).toBe(201);
    const refused = await book(await mission(), f.tech2, '2031-04-08T08:00:00Z', '2031-04-08T12:00:00Z');
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'conflict_unavailable', field: 'technicianId' });
    expect(refused.body.error.message).toContain('Damien Petit is unavailable (leave)');
  });

  it('EL (night work) in daylight, computed from where the plant is', async () => {
    const el = await mission({ auditTypes: ['el'] });
    // Near Toulouse on 21 June the sun is up from about 06:15 to 21:40 local time (04:15–19:40 UTC).
    const noon = await book(el, f.tech, '2031-06-21T10:00:00Z', '2031-06-21T14:00:00Z');
    expect(noon.status).toBe(409);
    expect(noon.body.error.code).toBe('conflict_daylight');
    expect(noon.body.error.message).toMatch(/the sun is up from 06:1\d to 21:[345]\d/);
    expect((await book(el, f.tech, '2031-06-21T20:30:00Z', '2031-06-22T03:30:00Z')).status).toBe(201);
  });

  it('two plants too far apart to drive between in the gap', async () => {
    const ground = await mission();
    const roof = await mission({ plantId: f.plants.rooftop });
    expect((await book(ground, f.tech2, '2031-05-05T07:00:00Z', '2031-05-05T10:00:00Z')).status).toBe(201);
    // Saint-Lys → Montauban: about 55 km as the crow flies, 55 min at 60 km/h; 30 min is too short.
    const refused = await book(roof, f.tech2, '2031-05-05T10:30:00Z', '2031-05-05T13:00:00Z');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('conflict_travel');
    expect(refused.body.error.message).toMatch(/cannot drive 5\d km from Centrale au sol de Saint-Lys to Toiture Ateliers Garonne in 0 h 30/);
    expect((await book(roof, f.tech2, '2031-05-05T11:30:00Z', '2031-05-05T14:00:00Z')).status).toBe(201);
  });

  it('a planned mission longer than its booked slots', async () => {
    const id = await mission({ estimatedHours: 8 });
    expect((await book(id, f.tech, '2031-07-01T06:00:00Z', '2031-07-01T10:00:00Z')).status).toBe(201);
    const warn = await check({ missionId: id, technicianId: f.tech, start: '2031-07-02T06:00:00Z', end: '2031-07-02T08:00:00Z' });
    expect(warn.body.conflicts).toEqual([expect.objectContaining({ kind: 'underbooked', blocking: false })]);
    const plan = await t.http.post(`/api/v1/missions/${id}/status`).set(f.manager).set('accept-language', 'en').send({ status: 'planned' });
    expect(plan.status).toBe(409);
    expect(plan.body.error.message).toBe('estimatedHours: the mission needs 8 h but only 4 h are booked');
    const slot = await book(id, f.tech, '2031-07-02T06:00:00Z', '2031-07-02T10:00:00Z');
    expect((await t.http.post(`/api/v1/missions/${id}/status`).set(f.manager).send({ status: 'planned' })).status).toBe(200);
    const shrink = await t.http.patch(`/api/v1/interventions/${slot.body.id}`).set(f.manager).send({ end: '2031-07-02T08:00:00Z' });
    expect(shrink.status).toBe(409);
    expect(shrink.body.error.code).toBe('conflict_underbooked');
  });

  it('bad slots get 400 with the field, unknown ids 404', async () => {
    const id = await mission();
    const backwards = await book(id, f.tech, '2031-08-01T10:00:00Z', '2031-08-01T08:00:00Z');
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.field).toBe('end');
    expect((await book(id, f.tech, 'tomorrow', '2031-08-01T08:00:00Z')).body.error.field).toBe('start');
    expect((await book('00000000-0000-4000-8000-000000000001', f.tech, '2031-08-01T08:00:00Z', '2031-08-01T10:00:00Z')).status).toBe(404);
    expect((await t.http.patch('/api/v1/interventions/00000000-0000-4000-8000-000000000001').set(f.manager).send({})).status).toBe(404);
    expect((await t.http.get('/api/v1/planning/board?from=2031-01-01&to=2032-12-31').set(f.manager)).body.error.code).toBe('range_too_long');
  });
});

describe('the board, the week map and the iCal feeds', () => {
  it('lists technicians, slots, absences and missions of a period, with filters', async () => {
    const response = await t.http.get('/api/v1/planning/board?from=2031-03-01&to=2031-05-31').set(f.manager);
    expect(response.status, response.text).toBe(200);
    const board = Board.parse(response.body);
    expect(board.technicians.map((x) => x.fullName)).toEqual(expect.arrayContaining(['Chloé Bernard', 'Damien Petit']));
    expect(board.interventions.length).toBeGreaterThanOrEqual(4);
    expect(board.unavailability.map((u) => u.reason)).toEqual(['leave']);
    const el = await t.http.get('/api/v1/planning/board?from=2031-03-01&to=2031-05-31&auditType=el').set(f.manager);
    expect(el.body.interventions).toHaveLength(0);
    expect((await t.http.get('/api/v1/planning/board?from=2031-03-01&to=2031-05-31').set(bearer(await t.token('client')))).status).toBe(403);
  });

  it('draws each technician’s day from plant to plant', async () => {
    const response = await t.http.get('/api/v1/planning/week-routes?week=2031-05-07').set(f.manager);
    const week = WeekRoutes.parse(response.body);
    const monday = week.days.find((d) => d.day === '2031-05-05');
    const route = monday?.routes.find((r) => r.technician === 'Damien Petit');
    expect(route?.stops.map((s) => s.plantName)).toEqual(['Centrale au sol de Saint-Lys', 'Toiture Ateliers Garonne']);
    expect(route?.km).toBeGreaterThan(50);
    expect(route?.km).toBeLessThan(60);
  });

  it('serves a technician’s slots as RFC 5545, read back by an independent parser, until revoked', async () => {
    const tech = bearer(await t.token('technician'));
    const forbidden = await t.http.post('/api/v1/calendar-feeds').set(tech).send({ technicianId: f.tech2 });
    expect(forbidden.status).toBe(403);
    // A feed holds three months back to a year ahead: a slot next month.
    const next = new Date(Date.now() + 30 * 86_400_000);
    const start = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth(), next.getUTCDate(), 20, 30));
    const end = new Date(start.getTime() + 7 * 3_600_000);
    expect((await book(await mission({ title: 'Mission' }), f.tech, start.toISOString(), end.toISOString())).status).toBe(201);
    const created = await t.http.post('/api/v1/calendar-feeds').set(tech).send({ technicianId: f.tech, label: 'phone' });
    expect(created.status, created.text).toBe(201);
    const path = new URL(created.body.url).pathname;
    const feed = await t.http.get(path).buffer(true);
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const text = feed.text;
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const night = events.find((e) => e.startDate.toJSDate().toISOString() === start.toISOString());
    expect(night?.summary).toMatch(/^OM-\d{4}-\d{3} — Mission \(Centrale au sol de Saint-Lys\)$/);
    expect(night?.endDate.toJSDate().toISOString()).toBe(end.toISOString());
    expect(night?.location).toContain('Saint-Lys');
    expect(events.every((e) => e.uid.endsWith('@calepin'))).toBe(true);
    const team = await t.http.post('/api/v1/calendar-feeds').set(f.manager).send({ technicianId: null });
    const teamFeed = await t.http.get(new URL(team.body.url).pathname);
    const teamEvents = new ICAL.Component(ICAL.parse(teamFeed.text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    // The team's feed names whose slot each event is.
    expect(teamEvents.map((e) => e.summary)).toContain(`Chloé Bernard · ${night?.summary}`);
    expect((await t.http.delete(`/api/v1/calendar-feeds/${created.body.id}`).set(tech)).status).toBe(204);
    expect((await t.http.get(path)).status).toBe(404);
  });

  it('keeps each user’s notifications', async () => {
    const tech = bearer(await t.token('technician'));
    const id = await mission({ title: 'Notified', estimatedHours: 1 });
    await book(id, f.tech, '2031-09-01T06:00:00Z', '2031-09-01T08:00:00Z');
    await t.http.post(`/api/v1/missions/${id}/status`).set(f.manager).send({ status: 'planned' }).expect(200);
    const list = await t.http.get('/api/v1/notifications').set(tech).set('accept-language', 'en');
    expect(list.body.unread).toBeGreaterThanOrEqual(1);
    expect(list.body.items[0].message).toMatch(/^You are on mission OM-\d{4}-\d{3} — Notified$/);
    await t.http.post('/api/v1/notifications/read').set(tech).send({}).expect(204);
    expect((await t.http.get('/api/v1/notifications').set(tech)).body.unread).toBe(0);
  });
});
