// Sync under faults (issue 16, docs/sync.md §9), with hundreds of faults:
//   npm run bench -- sync-faults [--seed 16] [--rounds 16] [--edits 20] [--rate 0.35] [--kills 8] [--backlog 1500]
// Two devices edit the same modules and sync through a proxy that cuts requests and
// answers at random bytes, drops answers after commit, delays and resets, their apps
// killed now and then; then one device's server is killed with SIGKILL again and again in
// the middle of pushes and uploads. Every run ends with the proof: every operation applied
// once, every conflict recorded, every photo with its SHA-256, devices equal to the server.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { migrate } from '@calepin/sql';
import { loadDemo } from '@calepin/data-fixtures';
import { testApp } from '../test-support/app';
import { TEMPLATE_DEMO, TEMPLATE_EMPTY, createDatabase } from '../test-support/db';
import { crashRun, networkRun } from '../test-support/faults/runs';
import { verify } from '../test-support/faults/verify';
import { fieldWorld, managerToken, secondTechnician } from '../gis-server/test/sync/field-world';
import { machine, writeSection } from './results';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '16' }, rounds: { type: 'string', default: '16' }, edits: { type: 'string', default: '20' },
    rate: { type: 'string', default: '0.35' }, kills: { type: 'string', default: '8' }, backlog: { type: 'string', default: '1500' },
  },
});
const seed = Number(values.seed);
const tech = { email: 'tech@calepin.test', password: 'calepin-demo' };

await createDatabase(TEMPLATE_EMPTY).then(migrate);
await createDatabase(TEMPLATE_DEMO, TEMPLATE_EMPTY).then(loadDemo);
const t = await testApp({ config: { accessTokenTtl: 5 } });
const started = performance.now();
try {
  const world = await fieldWorld(t, 48);
  const server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  console.log('two devices through a failing network…');
  const net = await networkRun(server, world, {
    seed, rounds: Number(values.rounds), edits: Number(values.edits), rate: Number(values.rate), photoEvery: 6, a: tech, b: await secondTechnician(t),
  });
  const netProof = await verify(t.db.pool, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, await managerToken(t), net.devices, world.missionId);
  server.close();
  console.log(`network: ${JSON.stringify(net.faults)}, ${netProof.operations} operations, problems ${netProof.problems.length}`);

  console.log('a server killed with SIGKILL…');
  const filesDir = await mkdtemp(join(tmpdir(), 'calepin-bench-kill-'));
  const crash = await crashRun(t.db.url, filesDir, world, { seed: seed + 10, edits: Number(values.backlog), photoEvery: 20, kills: Number(values.kills), credentials: tech });
  const crashProof = await verify(t.db.pool, crash.url, await managerToken(t), crash.devices, world.missionId);
  await crash.stop();
  await rm(filesDir, { recursive: true, force: true });
  console.log(`crash: ${crash.serverKills} kills, ${crashProof.operations} operations, problems ${crashProof.problems.length}`);

  const faults = net.faultCount + net.appKills + crash.serverKills;
  const problems = [...netProof.problems, ...crashProof.problems];
  const row = (label: string, n: number) => `| ${label} | ${n.toLocaleString('en')} |`;
  await writeSection('sync-faults', `
## Sync under faults: nothing lost, nothing applied twice

- machine: ${machine()}
- date: ${new Date().toISOString().slice(0, 10)}
- command: \`npm run bench -- sync-faults --seed ${seed} --rounds ${values.rounds} --edits ${values.edits} --rate ${values.rate} --kills ${values.kills} --backlog ${values.backlog}\`
- run: two devices (the Node simulator) editing the same 48 modules of one mission, through a TCP proxy breaking
  ${Number(values.rate) * 100} % of the connections, their apps killed at random moments; then one device with a backlog of
  ${values.backlog} edits whose server (a child process) is killed with SIGKILL at random moments; ${((performance.now() - started) / 1000).toFixed(0)} s in all

| fault | count |
|---|---:|
${Object.entries(net.faults).filter(([k]) => k !== 'clean').map(([k, n]) => row(k.replace('_', ' '), n)).join('\n')}
${row('app killed mid-sync', net.appKills)}
${row('server killed (SIGKILL)', crash.serverKills)}
${row('**faults in all**', faults)}
${row('connections without a fault', net.faults.clean ?? 0)}

| proof | count |
|---|---:|
${row('operations written on the devices', netProof.operations + crashProof.operations)}
${row('operations applied exactly once, with the result the device holds', netProof.operations + crashProof.operations - problems.filter((p) => p.startsWith('operation')).length)}
${row('conflicts answered, each recorded', netProof.conflicts + crashProof.conflicts)}
${row('photos, each on the server with its SHA-256', netProof.photos + crashProof.photos)}
${row('differences between a device and the server', problems.filter((p) => !p.startsWith('operation') && !p.startsWith('photo')).length)}

${problems.length ? `**Problems:**\n\n${problems.map((p) => `- ${p}`).join('\n')}` : 'No problem: every check held.'}
`);
  if (problems.length) process.exitCode = 1;
} finally {
  await t.close();
}
