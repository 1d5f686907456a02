// Issue 21: a QGIS session's credential was checked against the database every 10 s (the
// account's token generation), a round trip on every GetCapabilities. Now a server that
// proves it hears revocations (a heartbeat of its own comes back on the LISTEN connection)
// keeps the answer longer — and must still see a revocation within the 10 s when its
// connection stops hearing without a word, and at once when it knows the connection is lost.
// Scaled down here: cache life 1 s, heartbeats every 50 ms.
import { TokenChecker } from '@calepin/core/tokens';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RevocationListener } from '../src/capabilities/auth/revocations';
import { TEST_SECRET, type TestApp, testApp } from '../../test-support/app';
import { type Relay, relay } from '../../test-support/relay';

const TTL_MS = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let t: TestApp;
let path: Relay | null = null;
let listener: RevocationListener | null = null;
beforeAll(async () => {
  t = await testApp();
});
afterEach(async () => {
  await listener?.stop();
  await path?.close();
});
afterAll(() => t?.close());

/** A checker whose listener reaches PostgreSQL through a relay; counts its generation reads. */
async function server() {
  path = await relay(t.db.url);
  const reads = { generation: 0 };
  const checker = new TokenChecker(TEST_SECRET, (sql, params) => {
    if (/token_generation/.test(sql)) reads.generation++;
    return t.db.pool.query(sql, params);
  }, { ttlMs: TTL_MS, heldMs: 60_000 });
  const proofs: number[] = [];
  const heardUntil = checker.heardUntil.bind(checker);
  checker.heardUntil = (instant) => {
    proofs.push(instant);
    heardUntil(instant);
  };
  let losses = 0;
  const lost = checker.lost.bind(checker);
  checker.lost = () => {
    losses++;
    lost();
  };
  listener = new RevocationListener(path.url, checker, pino({ level: 'silent' }), 50);
  listener.start();
  await expect.poll(() => proofs.length, { timeout: 10_000 }).toBeGreaterThan(0);
  return { checker, reads, proofs, losses: () => losses };
}

async function session(role: 'technician' | 'manager' | 'admin') {
  const token = await t.token(role);
  const { sub } = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()) as { sub: string };
  const bump = () => t.db.pool.query('update users set token_generation = token_generation + 1 where id = $1', [sub]);
  return { token, bump };
}

describe('a server that hears revocations', () => {
  it('keeps a generation past the cache life while its heartbeats come back, and drops it at the notice', async () => {
    const { checker, reads } = await server();
    const { token, bump } = await session('technician');
    expect(await checker.check(token)).not.toBeNull();
    for (let i = 0; i < 4; i++) {
      await sleep(TTL_MS / 2);
      expect(await checker.check(token)).not.toBeNull();
    }
    expect(reads.generation).toBe(1); // twice the cache life: never asked again
    await bump();
    await expect.poll(() => checker.check(token), { timeout: 2000 }).toBeNull();
  });

  it('sees a revocation within the cache life when its connection stops hearing without a word, then replaces the connection', async () => {
    const { checker, reads, proofs, losses } = await server();
    const { token, bump } = await session('manager');
    expect(await checker.check(token)).not.toBeNull();
    path?.freeze();
    const frozenAt = Date.now();
    const proofsBefore = proofs.length;
    await bump(); // its notice will never arrive
    await expect.poll(() => checker.check(token), { timeout: 5000, interval: 20 }).toBeNull();
    const seenAfter = Date.now() - frozenAt;
    expect(seenAfter).toBeLessThan(3 * TTL_MS); // the cache life, not the 60 s it may hold while hearing
    expect(proofs.length).toBe(proofsBefore); // no heartbeat came back,
    expect(losses()).toBe(0); // and the listener never knew its connection was gone
    expect(reads.generation).toBeGreaterThan(1);
    // After 5 s of silence (15 heartbeats, at least 5 s) the listener gives the connection up and opens another.
    await expect.poll(losses, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => proofs.length, { timeout: 10_000 }).toBeGreaterThan(proofsBefore);
  });

  it('forgets at once when its connection is lost, and holds again once heartbeats come back', async () => {
    const { checker, reads, proofs, losses } = await server();
    const { token } = await session('admin');
    expect(await checker.check(token)).not.toBeNull();
    expect(reads.generation).toBe(1);
    await t.db.pool.query(`select pg_terminate_backend(pid) from pg_stat_activity
                            where application_name = 'calepin-listen-token_revocations' and datname = current_database()`);
    await expect.poll(losses, { timeout: 5000 }).toBe(1);
    expect(await checker.check(token)).not.toBeNull();
    expect(reads.generation).toBe(2); // asked again: what was kept may have been revoked meanwhile
    // Back after a second; a heartbeat proves it, and the answer is held again.
    const proofsAtLoss = proofs.length;
    await expect.poll(() => proofs.length, { timeout: 10_000 }).toBeGreaterThan(proofsAtLoss);
    expect(await checker.check(token)).not.toBeNull();
    const reads0 = reads.generation;
    await sleep(TTL_MS * 2);
    expect(await checker.check(token)).not.toBeNull();
    expect(reads.generation).toBe(reads0);
  });
});
