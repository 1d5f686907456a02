// The report benchmark's large plant: a database copied from the demo's, with one generated
// plant of N modules and an EL audit of it (the demo's finding rates), kept between runs as
// a template (generating 250,000 modules takes minutes); each run works on a copy of it.
import { generatePlant } from '@calepin/data-fixtures';
import pg from 'pg';
import { migrate } from '@calepin/sql';
import { TEMPLATE_DEMO, createDatabase, urlFor } from '../../test-support/db';

/** The EL findings of the generated audit: about the demo ground plant's rates (6 % non-conforming). */
const FINDINGS = { seed: 'bench-el', rates: { dead: 0.004, microcracks: 0.04, inequality: 0.015, soiling: 0.01 }, open_strings: ['S7', 'S420'] };

async function generatedAudit(url: string, modules: number): Promise<string | null> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch {
    return null;
  }
  try {
    const { rows } = await client.query<{ id: string }>(
      `select a.id from audits a join plants p on p.id = a.plant_id
        where p.name = $1 and a.audit_type = 'el' and (select count(*) from audit_modules am where am.audit_id = a.id) = $2`,
      [plantName(modules), modules]);
    return rows[0]?.id ?? null;
  } catch {
    return null;
  } finally {
    await client.end();
  }
}

const plantName = (modules: number) => `Bench report ${modules}`;

/**
 * The template database holding a plant of `modules` modules and its EL audit, made when
 * missing (from the demo template of this run, whose migrations are current).
 */
export async function reportBenchTemplate(modules: number, log: (line: string) => void): Promise<{ template: string; auditId: string }> {
  const template = `calepin_bench_reports_${modules}`;
  const url = urlFor(template);
  const kept = await generatedAudit(url, modules);
  if (kept) {
    // Kept from an earlier run: brought up to this code's migrations first (a new column would otherwise fail the render).
    const { applied } = await migrate(url);
    log(`reusing ${template}${applied.length ? ` (migrated: ${applied.join(', ')})` : ''}`);
    return { template, auditId: kept };
  }
  await createDatabase(template, TEMPLATE_DEMO);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const demoClient = (await client.query<{ id: string }>('select id from clients order by name limit 1')).rows[0]?.id;
    const plant = await generatePlant(url, { modules, name: plantName(modules), clientId: demoClient, log });
    log(`${plant.modules} modules generated in ${plant.seconds.toFixed(0)} s`);
    const tech = (await client.query<{ id: string }>(`select id from users where role = 'technician' order by email limit 1`)).rows[0]?.id;
    const { rows } = await client.query<{ id: string }>(
      `insert into audits (plant_id, audit_type, status, started_at, finished_at, conditions, performed_by)
       values ($1, 'el', 'done', '2026-06-02T21:00:00Z', '2026-06-04T04:00:00Z', '{}', $2) returning id`, [plant.plantId, tech]);
    const auditId = (rows[0] as { id: string }).id;
    await client.query('select fixtures.demo_audit($1, $2, $3, $4::jsonb)', [auditId, tech, '2026-06-02T22:00:00Z', JSON.stringify(FINDINGS)]);
    for (const table of ['audits', 'audit_modules', 'defects']) await client.query(`analyze ${table}`);
    log(`EL audit ${auditId} recorded`);
    return { template, auditId };
  } finally {
    await client.end();
  }
}
