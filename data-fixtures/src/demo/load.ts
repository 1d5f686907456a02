import argon2 from 'argon2';
import pg from 'pg';
import { generateLayout, installGenerator, outlinePlant, project } from '../generate';
import { DEMO_CLIENTS, DEMO_PASSWORD, DEMO_PLANTS, DEMO_USERS } from './constants';
import { MODULE_MODELS } from './models';
import { CHECKLIST_SECTIONS, DEMO_MISSIONS } from './missions';

export interface DemoSummary {
  clients: { ground: string; rooftop: string };
  plants: { ground: string; rooftop: string };
  users: Record<string, string>;
  modules: number;
  audits: number;
  defects: number;
}

type Db = pg.Client;

const one = async <T>(db: Db, sql: string, values: unknown[]): Promise<T> => (await db.query(sql, values)).rows[0] as T;

/**
 * Loads the demo into an empty, migrated database, in one transaction: module models,
 * two client companies, a 5 MWp ground plant near Toulouse and a 242-module rooftop,
 * one account per role, and past audits whose findings cover the six statuses and the
 * three severities. Refuses a database that already has plants or users.
 */
export async function loadDemo(databaseUrl: string, options: { log?: (line: string) => void } = {}): Promise<DemoSummary> {
  const log = options.log ?? (() => {});
  const db = new pg.Client({ connectionString: databaseUrl, application_name: 'calepin-demo' });
  await db.connect();
  try {
    await db.query('begin');
    const { empty } = await one<{ empty: boolean }>(
      db,
      'select not exists (select 1 from plants) and not exists (select 1 from users) as empty',
      [],
    );
    if (!empty) throw new Error('the database already has plants or users: the demo loads only into an empty database');
    await installGenerator(db);

    const models: Record<string, string> = {};
    for (const m of MODULE_MODELS) {
      const { id } = await one<{ id: string }>(
        db,
        `insert into module_models (manufacturer, model, power_wp, width_mm, height_mm, thickness_mm, cells_layout,
                                    cell_count, technology, bifacial, voc_v, isc_a, vmp_v, imp_a)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         -- The library is seeded by migration 017 with the same models: reuse them.
         on conflict (lower(manufacturer), lower(model)) where deleted_at is null
         do update set manufacturer = excluded.manufacturer returning id`,
        [m.manufacturer, m.model, m.power_wp, m.width_mm, m.height_mm, m.thickness_mm, m.cells_layout, m.cell_count,
         m.technology, m.bifacial, m.voc_v, m.isc_a, m.vmp_v, m.imp_a],
      );
      models[m.model] = id;
    }

    const clients = { ground: '', rooftop: '' };
    for (const key of ['ground', 'rooftop'] as const) {
      const c = DEMO_CLIENTS[key];
      clients[key] = (
        await one<{ id: string }>(
          db,
          `insert into clients (name, legal_name, siret, address, postal_code, city, email, phone)
           values ($1, $1, $2, $3, $4, $5, $6, '+33 5 61 00 00 00') returning id`,
          [c.name, c.siret, c.address, c.postalCode, c.city, `contact@${key}.example.fr`],
        )
      ).id;
    }

    const hash = await argon2.hash(DEMO_PASSWORD, { type: argon2.argon2id });
    const users: Record<string, string> = {};
    for (const u of DEMO_USERS) {
      users[u.email] = (
        await one<{ id: string }>(
          db,
          `insert into users (email, password_hash, role, client_id, full_name, locale, is_demo)
           values ($1, $2, $3, $4, $5, 'fr', true) returning id`,
          [u.email, hash, u.role, u.role === 'client' ? clients.rooftop : null, u.fullName],
        )
      ).id;
    }

    log('laying out the ground plant…');
    const ground = await insertPlant(db, clients.ground, DEMO_PLANTS.ground.name, 'ground', DEMO_PLANTS.ground.center, 5022.72, {
      address: 'Lieu-dit Las Fonts', postalCode: '31470', city: 'Saint-Lys', commissioned: '2021-06-30', tariff: 0.0891,
    });
    await generateLayout(db, ground, {
      modules: DEMO_PLANTS.ground.modules,
      modelId: models['JAM72S30-545/MR'] as string,
      moduleWidthM: 1.134,
      moduleHeightM: 2.278,
      origin: await project(db, ...DEMO_PLANTS.ground.center, 2154),
      tiltDeg: 20,
      rowsPerTable: 2,
      columnsPerTable: 24,
      rowPitchM: 8.5,
      tablesPerBlock: [4, 8],
      roadM: 6,
      stringLength: 24,
      stringsPerBox: 6,
      boxesPerInverter: 3,
      inverterKw: 215,
    });
    await outlinePlant(db, ground, 15);

    log('laying out the rooftop plant…');
    const rooftop = await insertPlant(db, clients.rooftop, DEMO_PLANTS.rooftop.name, 'rooftop', DEMO_PLANTS.rooftop.center, 90.75, {
      address: '140 rue des Forges', postalCode: '82000', city: 'Montauban', commissioned: '2019-03-15', tariff: 0.1547,
    });
    await generateLayout(db, rooftop, {
      modules: DEMO_PLANTS.rooftop.modules,
      modelId: models['JAM60S20-375/MR'] as string,
      moduleWidthM: 1.052,
      moduleHeightM: 1.769,
      origin: await project(db, ...DEMO_PLANTS.rooftop.center, 2154),
      tiltDeg: 10,
      azimuthDeg: 165,
      baseHeightM: 7.5,
      rowsPerTable: 1,
      columnsPerTable: 22,
      tablesPerRow: 1,
      tablesPerBlock: [1, 20],
      rowPitchM: 2.1,
      // 8 strings of 24 and 2 of 25: 242 modules.
      stringLengths: [24, 24, 24, 24, 24, 24, 24, 24, 25, 25],
      stringsPerBox: 5,
      boxesPerInverter: 2,
      inverterKw: 80,
    });
    await outlinePlant(db, rooftop, 2);

    log('recording past audits…');
    const plants = { ground, rooftop };
    await db.query(
      `insert into checklist_templates (name, audit_types, sections) values ('Audit EL nocturne', '{el}', $1::jsonb)`,
      [JSON.stringify(CHECKLIST_SECTIONS)],
    );
    const tech = users['tech@calepin.test'] as string;
    const manager = users['manager@calepin.test'] as string;
    for (const mission of DEMO_MISSIONS) {
      const plantId = plants[mission.plant];
      const { id: missionId } = await one<{ id: string }>(
        db,
        `insert into missions (plant_id, reference, title, audit_types, status, planned_start, planned_end,
                               estimated_hours, safety_instructions, created_by)
         values ($1, $2, $3, $4, 'done', $5, $6, $7, $8, $9) returning id`,
        [plantId, mission.reference, mission.title, [mission.auditType], mission.start, mission.end, mission.hours,
         mission.safety, manager],
      );
      await db.query("insert into mission_members (mission_id, user_id, role) values ($1, $2, 'lead')", [missionId, tech]);
      await db.query(
        "insert into interventions (mission_id, technician_id, period, status) values ($1, $2, tstzrange($3, $4), 'done')",
        [missionId, tech, mission.start, mission.end],
      );
      const { id: auditId } = await one<{ id: string }>(
        db,
        // Past audits were reviewed and validated by the office: their client sees them.
        `insert into audits (plant_id, mission_id, audit_type, status, started_at, finished_at, conditions, performed_by,
                             validated_at, validated_by)
         values ($1, $2, $3, 'done', $4, $5, $6, $7, $5::timestamptz + interval '2 days', $8) returning id`,
        [plantId, missionId, mission.auditType, mission.start, mission.end, JSON.stringify(mission.conditions), tech, manager],
      );
      await db.query('select fixtures.demo_audit($1, $2, $3, $4::jsonb)', [auditId, tech, mission.start, JSON.stringify(mission.findings)]);
    }

    const totals = await one<{ modules: number; audits: number; defects: number }>(
      db,
      `select (select count(*) from modules)::int as modules, (select count(*) from audits)::int as audits,
              (select count(*) from defects)::int as defects`,
      [],
    );
    await db.query('commit');
    for (const table of ['modules', 'tables', 'strings', 'defects', 'audit_modules', 'cables']) await db.query(`analyze ${table}`);
    return { clients, plants, users, ...totals };
  } catch (error) {
    await db.query('rollback').catch(() => {});
    throw error;
  } finally {
    await db.end();
  }
}

async function insertPlant(
  db: Db,
  clientId: string,
  name: string,
  mounting: 'ground' | 'rooftop',
  [lon, lat]: [number, number],
  peakKwp: number,
  more: { address: string; postalCode: string; city: string; commissioned: string; tariff: number },
): Promise<string> {
  const { id } = await one<{ id: string }>(
    db,
    `insert into plants (client_id, name, reference, mounting, address, postal_code, city, peak_kwp, commissioning_date,
                         srid, location, tariff_eur_per_kwh)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 2154, st_setsrid(st_point($10, $11), 4326), $12) returning id`,
    [clientId, name, mounting === 'ground' ? 'CS-SLYS-01' : 'TT-AGI-01', mounting, more.address, more.postalCode, more.city,
     peakKwp, more.commissioned, lon, lat, more.tariff],
  );
  return id;
}
