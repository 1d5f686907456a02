// Clients, module models and users: create, read, change, archive, and their refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, ModuleModel, User } from '@calepin/core';
import { type TestApp, bearer, testApp } from '../../test-support/app';

let t: TestApp;
let admin: Record<string, string>;
beforeAll(async () => {
  t = await testApp();
  admin = bearer(await t.token('admin'));
});
afterAll(() => t.close());

describe('clients', () => {
  it('create, read, search, change', async () => {
    const created = await t.http
      .post('/api/v1/clients')
      .set(admin)
      .send({ name: '  Énergies du Lauragais ', siret: '12345678901234', city: 'Castelnaudary', email: 'contact@edl.test', legalName: '' });
    expect(created.status, created.text).toBe(201);
    const client = Client.parse(created.body);
    expect(client).toMatchObject({ name: 'Énergies du Lauragais', legalName: null, country: 'FR', plantCount: 0 });
    const found = await t.http.get('/api/v1/clients?q=lauragais').set(admin);
    expect(found.body.items.map((c: Client) => c.id)).toEqual([client.id]);
    const changed = await t.http.patch(`/api/v1/clients/${client.id}`).set(admin).send({ phone: '+33 5 61 00 00 00', city: null });
    expect(changed.body).toMatchObject({ phone: '+33 5 61 00 00 00', city: null, name: 'Énergies du Lauragais' });
  });

  it('refuse a second client of the same name, whatever its case', async () => {
    await t.http.post('/api/v1/clients').set(admin).send({ name: 'Solaire Occitan' });
    const again = await t.http.post('/api/v1/clients').set(admin).send({ name: 'SOLAIRE occitan' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'duplicate', field: 'name' });
    expect(again.body.error.message).toBe('name: already exists: solaire occitan');
  });
});

describe('module models', () => {
  const model = { manufacturer: 'JA Solar', model: 'JAM54S30-420/MR', powerWp: 420, widthMm: 1134, heightMm: 1722, technology: 'perc', bifacial: false };

  it('create and read back', async () => {
    const created = await t.http.post('/api/v1/module-models').set(admin).send(model);
    expect(created.status, created.text).toBe(201);
    expect(ModuleModel.parse(created.body)).toMatchObject(model);
    const duplicate = await t.http.post('/api/v1/module-models').set(admin).send({ ...model, manufacturer: 'ja solar' });
    expect(duplicate.body.error).toMatchObject({ code: 'duplicate', field: 'model' });
  });

  it('refuse a width larger than the height, on create and on change, changing nothing', async () => {
    const wide = await t.http.post('/api/v1/module-models').set(admin).send({ ...model, model: 'Wide', widthMm: 2000 });
    expect(wide.body.error).toMatchObject({ code: 'validation_failed', field: 'widthMm' });
    const created = await t.http.post('/api/v1/module-models').set(admin).send({ ...model, model: 'Narrow' });
    const patched = await t.http.patch(`/api/v1/module-models/${created.body.id}`).set(admin).send({ heightMm: 1000, powerWp: 1 });
    expect(patched.status).toBe(400);
    const after = await t.http.get(`/api/v1/module-models/${created.body.id}`).set(admin);
    expect(after.body).toEqual(created.body);
  });
});

describe('users', () => {
  it('a client user needs a client company, staff have none', async () => {
    const { body: company } = await t.http.post('/api/v1/clients').set(admin).send({ name: 'Users Test Co' });
    const base = { fullName: 'Someone', password: 'a-long-password' };
    const noCompany = await t.http.post('/api/v1/users').set(admin).send({ ...base, email: 'c1@x.test', role: 'client' });
    expect(noCompany.body.error).toMatchObject({ code: 'validation_failed', field: 'clientId' });
    const staffWithCompany = await t.http
      .post('/api/v1/users')
      .set(admin)
      .send({ ...base, email: 't1@x.test', role: 'technician', clientId: company.id });
    expect(staffWithCompany.body.error).toMatchObject({ code: 'validation_failed', field: 'clientId' });
    const ok = await t.http.post('/api/v1/users').set(admin).send({ ...base, email: 'c2@x.test', role: 'client', clientId: company.id });
    expect(ok.status, ok.text).toBe(201);
    expect(User.parse(ok.body)).toMatchObject({ role: 'client', clientId: company.id, disabled: false });
    expect(ok.text).not.toMatch(/argon2|password/i);
    const demote = await t.http.patch(`/api/v1/users/${ok.body.id}`).set(admin).send({ role: 'manager' });
    expect(demote.status).toBe(400);
    expect(demote.body.error.field).toBe('clientId');
  });

  it('refuse a duplicate e-mail, a short password, and deleting oneself', async () => {
    const dup = await t.http.post('/api/v1/users').set(admin).send({ email: 'ADMIN@calepin.test', role: 'admin', fullName: 'X', password: 'a-long-password' });
    expect(dup.body.error).toMatchObject({ code: 'duplicate', field: 'email' });
    const short = await t.http.post('/api/v1/users').set(admin).send({ email: 's@x.test', role: 'admin', fullName: 'X', password: 'short' });
    expect(short.body.error).toMatchObject({ field: 'password', message: 'password: a password needs at least 10 characters' });
    const me = await t.http.get('/api/v1/auth/me').set(admin);
    const self = await t.http.delete(`/api/v1/users/${me.body.id}`).set(admin);
    expect(self.status).toBe(409);
  });
});
