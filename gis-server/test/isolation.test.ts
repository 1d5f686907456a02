// A client user must never see another client company's data, whatever id it guesses.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYOUT_LAYERS } from '@calepin/core';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { type TestApp, bearer, testApp } from '../../test-support/app';

let t: TestApp;
let own: { id: string; clientId: string };
let other: { id: string; clientId: string };
let client: Record<string, string>;

beforeAll(async () => {
  t = await testApp();
  const plant = async (name: string) =>
    (await t.db.pool.query('select id, client_id as "clientId" from plants where name = $1', [name])).rows[0];
  own = await plant(DEMO_PLANTS.rooftop.name);
  other = await plant(DEMO_PLANTS.ground.name);
  client = bearer(await t.token('client'));
});
afterAll(() => t.close());

describe('a client user', () => {
  it('belongs to the rooftop plant’s company, not the ground plant’s', () => {
    expect(own.clientId).not.toBe(other.clientId);
  });

  it('lists only its own company and plants', async () => {
    const clients = await t.http.get('/api/v1/clients').set(client);
    expect(clients.body.items.map((c: { id: string }) => c.id)).toEqual([own.clientId]);
    const plants = await t.http.get('/api/v1/plants').set(client);
    expect(plants.body.items.map((p: { id: string }) => p.id)).toEqual([own.id]);
    const filtered = await t.http.get(`/api/v1/plants?clientId=${other.clientId}`).set(client);
    expect(filtered.body).toEqual({ items: [], total: 0 });
    const searched = await t.http.get(`/api/v1/plants?q=${encodeURIComponent(DEMO_PLANTS.ground.name)}`).set(client);
    expect(searched.body.total).toBe(0);
  });

  it('gets 404 for another company’s client and plant, exactly as for ids that do not exist', async () => {
    for (const path of [
      `/api/v1/clients/${other.clientId}`,
      `/api/v1/plants/${other.id}`,
      `/api/v1/clients/${randomUUID()}`,
      `/api/v1/plants/${randomUUID()}`,
    ]) {
      const response = await t.http.get(path).set(client);
      expect([path, response.status]).toEqual([path, 404]);
      expect(response.body).toEqual({ error: { code: 'not_found', message: 'not found', field: null } });
    }
  });

  it('gets 404 for every layer of another company’s plant, with or without filters', async () => {
    for (const layer of LAYOUT_LAYERS) {
      for (const query of ['', '?bbox=-180,-85,180,85', '?limit=1']) {
        const response = await t.http.get(`/api/v1/plants/${other.id}/${layer}${query}`).set(client);
        expect([layer, query, response.status]).toEqual([layer, query, 404]);
      }
    }
  });

  it('reads every layer of its own plant', async () => {
    for (const layer of LAYOUT_LAYERS) {
      const response = await t.http.get(`/api/v1/plants/${own.id}/${layer}`).set(client);
      expect([layer, response.status]).toEqual([layer, 200]);
      expect(response.body.type).toBe('FeatureCollection');
    }
    const modules = await t.http.get(`/api/v1/plants/${own.id}/modules`).set(client);
    expect(modules.body.features).toHaveLength(242);
  });

  it('cannot reach the other company’s modules through its own plant with a world-wide bbox', async () => {
    const response = await t.http.get(`/api/v1/plants/${own.id}/modules?bbox=-180,-85,180,85&limit=50000`).set(client);
    const { rows } = await t.db.pool.query('select id from modules where plant_id = $1', [other.id]);
    const foreign = new Set(rows.map((r) => r.id));
    expect(response.body.features.some((f: { id: string }) => foreign.has(f.id))).toBe(false);
  });

  it('cannot write anything, even in its own company', async () => {
    const responses = await Promise.all([
      t.http.patch(`/api/v1/plants/${own.id}`).set(client).send({ name: 'Mine now' }),
      t.http.patch(`/api/v1/clients/${own.clientId}`).set(client).send({ name: 'Mine now' }),
      t.http.delete(`/api/v1/plants/${own.id}`).set(client),
    ]);
    expect(responses.map((r) => r.status)).toEqual([403, 403, 403]);
    const { rows } = await t.db.pool.query('select name, deleted_at from plants where id = $1', [own.id]);
    expect(rows[0]).toEqual({ name: DEMO_PLANTS.rooftop.name, deleted_at: null });
  });
});
