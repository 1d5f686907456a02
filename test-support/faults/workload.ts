// A technician's night in the field, as a device makes it: modules inspected, defects
// recorded on them (some with a photo), severities changed, defects deleted, checklist
// answers — on modules shared with a colleague, so that both sometimes change the same
// thing. Seeded: the same seed makes the same night.
import { randomUUID } from 'node:crypto';
import { checklistResponseId } from '@calepin/core/sync';
import type { Device } from '../device/index';
import { makePhoto } from '../photos';
import { type Random, between } from './random';

export interface FieldWorld {
  missionId: string;
  auditId: string;
  templateId: string;
  modules: { id: string; point: { type: 'Point'; coordinates: [number, number] } }[];
}

export interface NightLog {
  /** Every operation the device wrote, by id. */
  operations: string[];
  photos: string[];
}

const SEVERITIES = ['info', 'warning', 'urgent'] as const;
const FINDINGS = [
  ['microcrack', 'microcracks'], ['cell_inequality', 'inequality'], ['dead_module', 'dead'], ['soiling', 'ok'],
] as const;

/** The device clock: the night advances a few seconds per edit. */
export class NightClock {
  constructor(
    private ms: number,
    private readonly random: Random,
  ) {}
  next(): string {
    this.ms += 1000 + Math.floor(this.random() * 4000);
    return new Date(this.ms).toISOString();
  }
}

export async function fieldWork(
  device: Device,
  world: FieldWorld,
  random: Random,
  clock: NightClock,
  log: NightLog,
  amount: { edits: number; photoEvery: number; photoSeed: number },
): Promise<void> {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const rows = () => Object.values(device.store.state.rows.defects ?? {}).filter((r) => r.audit_id === world.auditId);
  const record = (op: { op_id: string }) => log.operations.push(op.op_id);
  for (let i = 0; i < amount.edits; i++) {
    const roll = random();
    const module = pick(world.modules);
    if (roll < 0.35) {
      record(device.write('audit_modules', { audit_id: world.auditId, module_id: module.id }, 'create', { inspected_at: clock.next() }, clock.next()));
    } else if (roll < 0.65 || !rows().length) {
      const [type, status] = pick(FINDINGS);
      const id = randomUUID();
      record(device.write('defects', { id }, 'create', {
        audit_id: world.auditId, module_id: module.id, defect_type: type, module_status: status,
        severity: pick(SEVERITIES), geom: module.point, observed_at: clock.next(),
      }, clock.next()));
      if (amount.photoEvery && between(random, 1, amount.photoEvery) === 1) {
        const bytes = await makePhoto({ seed: amount.photoSeed + log.photos.length * 7919 + between(random, 0, 1e6) });
        const photoId = randomUUID();
        log.photos.push(device.addPhoto(photoId, bytes, { audit_id: world.auditId, defect_id: id, module_id: module.id }, clock.next()));
        const written = device.store.state.outbox[device.store.state.outbox.length - 1];
        if (written) record(written);
      }
    } else if (roll < 0.85) {
      const defect = pick(rows());
      record(device.write('defects', { id: defect.id as string }, 'patch', { severity: pick(SEVERITIES), description: `note ${between(random, 1, 99)}` }, clock.next()));
    } else if (roll < 0.92) {
      const response = checklistResponseId(world.missionId, world.templateId);
      const exists = device.store.row('checklist_responses', { id: response });
      const answer = pick(['ppe', 'fence', 'notes']);
      const value = answer === 'ppe' ? random() < 0.8 : answer === 'fence' ? 'ok' : `remarque ${between(random, 1, 9)}`;
      record(device.write('checklist_responses', { id: response }, exists ? 'patch' : 'create',
        exists ? { [`answers.${answer}`]: value } : { template_id: world.templateId, [`answers.${answer}`]: value }, clock.next()));
    } else {
      const defect = pick(rows());
      record(device.write('defects', { id: defect.id as string }, 'delete', {}, clock.next()));
    }
  }
}
