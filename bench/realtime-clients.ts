// The clients of the real-time bench (bench/realtime.bench.ts), in their own process: the
// servers' event loops then do only the servers' work, as in production where the tablets
// are elsewhere. One process holds every client, so one clock times each lock event from
// its sender's emit to each teammate's receipt. Driven over IPC by the bench: a spec in,
// `joined` once every technician is in its mission, the figures out.
import { type Socket, io } from 'socket.io-client';
import type { RtEnvelope } from '@calepin/core';

export interface ClientsSpec {
  technicians: { url: string; token: string; missionId: string; moduleId: string }[];
  seconds: number;
  fan: { urls: string[]; token: string; viewers: number; missionId: string; modules: string[] };
}

export interface ClientsResult {
  latencies: number[];
  delivered: number;
  elapsedS: number;
  timeouts: number;
  fanLatencies: number[];
}

const send = (m: unknown) => process.send?.(m);

function connect(url: string, token: string): Promise<Socket> {
  const socket = io(url, { path: '/rt', auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}
const ask = (s: Socket, event: string, payload: unknown) => s.timeout(10_000).emitWithAck(event, payload) as Promise<{ ok: boolean }>;

/** Lock events in flight: `module/reason` → when its sender emitted; each receipt by a listener of that mission is timed. */
function measure(listeners: { socket: Socket; missionId: string }[]) {
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  let delivered = 0;
  for (const { socket, missionId } of listeners) {
    socket.on('event', (e: RtEnvelope) => {
      delivered++;
      if (e.type !== 'lock' || e.missionId !== missionId) return;
      const data = e.data as { moduleId: string; reason: string };
      const at = sent.get(`${data.moduleId}/${data.reason}`);
      if (at !== undefined) latencies.push(performance.now() - at);
    });
    socket.on('position', () => { delivered++; });
  }
  return { sent, latencies, delivered: () => delivered };
}

async function run(spec: ClientsSpec): Promise<ClientsResult> {
  const techs: { socket: Socket; missionId: string; moduleId: string }[] = [];
  for (const t of spec.technicians) {
    const socket = await connect(t.url, t.token);
    const joined = await ask(socket, 'mission:join', { missionId: t.missionId });
    if (!joined.ok) throw new Error(JSON.stringify(joined));
    techs.push({ socket, missionId: t.missionId, moduleId: t.moduleId });
  }
  send({ joined: true });
  await new Promise<void>((resolve) => process.once('message', () => resolve())); // the bench measured memory: go

  const load = measure(techs);
  const timers: NodeJS.Timeout[] = [];
  let timeouts = 0;
  const started = performance.now();
  for (const [i, { socket, missionId, moduleId }] of techs.entries()) {
    let lon = 1.4 + (i % 20) * 1e-4;
    timers.push(setInterval(() => {
      lon += 1e-5;
      socket.emit('position', { missionId, lon, lat: 43.6, accuracy: 3 }, () => undefined);
    }, 2000 + (i % 7) * 10));
    timers.push(setInterval(() => {
      load.sent.set(`${moduleId}/taken`, performance.now());
      void ask(socket, 'lock:take', { missionId, moduleId }).then(() => {
        load.sent.set(`${moduleId}/released`, performance.now());
        return ask(socket, 'lock:release', { missionId, moduleId });
      }).catch(() => { timeouts++; });
    }, 5000 + (i % 13) * 37));
  }
  await new Promise((resolve) => setTimeout(resolve, spec.seconds * 1000));
  timers.forEach(clearInterval);
  const elapsedS = (performance.now() - started) / 1000;
  const latencies = [...load.latencies];
  const delivered = load.delivered();
  await new Promise((resolve) => setTimeout(resolve, 1000)); // what was in flight arrives before the fan-out starts

  // Fan-out: office viewers of one mission, half on each instance; its first technician locks 50 modules.
  const office: { socket: Socket; missionId: string }[] = [];
  for (let i = 0; i < spec.fan.viewers; i++) {
    const socket = await connect(spec.fan.urls[i % spec.fan.urls.length] as string, spec.fan.token);
    await ask(socket, 'mission:join', { missionId: spec.fan.missionId });
    office.push({ socket, missionId: spec.fan.missionId });
  }
  const fan = measure(office);
  const lead = techs.find((t) => t.missionId === spec.fan.missionId) as (typeof techs)[number];
  for (const module of spec.fan.modules) {
    fan.sent.set(`${module}/taken`, performance.now());
    await ask(lead.socket, 'lock:take', { missionId: spec.fan.missionId, moduleId: module });
    await ask(lead.socket, 'lock:release', { missionId: spec.fan.missionId, moduleId: module });
    // Paced under the per-socket rate limit (20 events/s): a faster lead is refused, by design.
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  const until = Date.now() + 10_000;
  while (fan.latencies.length < spec.fan.modules.length * spec.fan.viewers && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  for (const s of [...techs, ...office]) s.socket.close();
  return { latencies, delivered, elapsedS, timeouts, fanLatencies: fan.latencies };
}

process.once('message', (spec) => {
  run(spec as ClientsSpec).then((result) => send({ result }), (error: Error) => send({ error: error.stack ?? error.message }));
});
