// Every scenario folder of gis-server/test/sync/scenarios (docs/sync.md §9), each on its
// own copy of an empty migrated database: results per operation, the rows after, the
// conflicts recorded — and nothing else recorded.
import { afterEach, describe, expect, it } from 'vitest';
import { TEMPLATE_EMPTY } from '../../test-support/db';
import { type TestApp, testApp } from '../../test-support/app';
import { actualConflicts, actualRows, normaliseExpected, readScenario, replay, scenarioNames, sessionUser } from './sync/scenarios';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

const names = await scenarioNames();

describe('sync scenario', () => {
  it.each(names)('%s', async (name) => {
    const scenario = await readScenario(name);
    t = await testApp({ template: TEMPLATE_EMPTY });
    const app = t;
    await app.db.pool.query(scenario.serverSql);
    const tokens = new Map<string, string>();
    const token = async (userId: string) => {
      const known = tokens.get(userId);
      if (known) return known;
      const { user, generation } = await sessionUser(app.db.pool, userId);
      return tokens.set(userId, await app.app.deps.tokens.issueAccess(user, generation)).get(userId)!;
    };

    const results = await replay(scenario, app.http, token);

    const got = Object.fromEntries(
      Object.entries(scenario.expected.results).map(([id, want]) => {
        const r = results.get(id);
        if (!r) return [id, 'not sent'];
        if (typeof want === 'string') return [id, r.status];
        return [id, Object.fromEntries(Object.keys(want).map((k) => [k, r[k] ?? null]))];
      }),
    );
    expect(got).toEqual(scenario.expected.results);
    // Every result sent is listed in the expectation: an unexpected one is a failure too.
    expect([...results.keys()].sort()).toEqual(Object.keys(scenario.expected.results).sort());
    if (scenario.expected.rows) {
      expect(await actualRows(app.db.pool, scenario.expected.rows)).toEqual(normaliseExpected(scenario.expected.rows));
    }
    // Each expected conflict lists the fields it cares about; the count must match exactly.
    const conflicts = await actualConflicts(app.db.pool);
    const wanted = scenario.expected.conflicts ?? [];
    expect(conflicts.map((c, i) => Object.fromEntries(Object.keys(wanted[i] ?? c).map((k) => [k, c[k]])))).toEqual(wanted);
    for (const [table, n] of Object.entries(scenario.expected.counts ?? {})) {
      const { rows } = await app.db.pool.query(`select count(*)::int as n from ${table.replace(/[^a-z_]/g, '')}`);
      expect(rows[0].n, `rows in ${table}`).toBe(n);
    }
  });
});
