// Opening a mission package on the device: is it a GeoPackage, a mission package of the
// version this app reads, whole? Then the functions its triggers need, the device id, and
// what the screens need first (the summary).
import type { Database } from '@sqlite.org/sqlite-wasm';
import { decodeGeometry } from '../gpkg/geometry';
import { registerGeoPackageFunctions } from '../gpkg/functions';
import { type PackageSummary, StoreError } from '../types';
import { getState, setState } from './state';

export const PACKAGE_FORMAT = 'calepin-mission-package/1';
export const DEVICE_SCHEMA = 'calepin-field/1';
const GPKG_APPLICATION_ID = 0x47504b47; // "GPKG"

/** Checks a database is a mission package this app can open; throws a StoreError saying what is wrong. */
export function checkPackage(db: Database): void {
  let applicationId: number;
  try {
    applicationId = Number(db.selectValue('pragma application_id'));
  } catch (error) {
    throw new StoreError('corrupt', `the file is not a readable database: ${(error as Error).message}`);
  }
  if (applicationId !== GPKG_APPLICATION_ID) throw new StoreError('not_a_package', 'the file is not a GeoPackage');
  let tables: Set<string>;
  try {
    tables = new Set(db.selectValues("select name from sqlite_master where type = 'table'").map(String));
  } catch (error) {
    throw new StoreError('corrupt', `the file is not a readable database: ${(error as Error).message}`);
  }
  for (const t of ['package_info', 'calepin_sync_state', 'calepin_outbox', 'modules', 'mission']) {
    if (!tables.has(t)) throw new StoreError('not_a_package', `the GeoPackage is not a Calepin mission package (no ${t} table)`);
  }
  const format = db.selectValue("select value from package_info where key = 'format'");
  const schema = getState(db, 'device_schema');
  if (format !== PACKAGE_FORMAT || schema !== DEVICE_SCHEMA) {
    throw new StoreError('package_version', `package ${String(format)} / ${String(schema)}; this app reads ${PACKAGE_FORMAT} / ${DEVICE_SCHEMA}`);
  }
}

/**
 * Prepares an open package for work: the journal, SQL functions, cache size, the device id
 * made once.
 *
 * The journal is a write-ahead log (docs/field.md, "Saving"): a save appends its pages to the
 * log instead of writing a rollback journal, the pages, and deleting the journal — half the
 * time of a save. The store's VFS has no shared memory, so the connection holds the file
 * alone (locking_mode exclusive, set before anything reads it: a package left in WAL mode
 * cannot be read otherwise). synchronous = full: the log is synced at each commit, so a
 * save that answered survives a power cut too (normal saved 2–3 ms more, and could lose the
 * last saves). The log is written back into the package when the app goes to the background
 * (`checkpoint`) and before an export.
 */
export function preparePackage(db: Database): void {
  db.exec('pragma locking_mode = exclusive');
  checkPackage(db);
  db.exec('pragma journal_mode = wal');
  db.exec('pragma synchronous = full');
  registerGeoPackageFunctions(db);
  // 32 MB of page cache: a map tile reads a few hundred pages of the R-tree and the modules.
  db.exec('pragma cache_size = -32768');
  if (!getState(db, 'device_id')) setState(db, 'device_id', crypto.randomUUID());
  addChatTable(db);
  addZonesTable(db);
}

/**
 * Work zones (issue 17) came after the first packages: one downloaded before gets the
 * feature table, empty and registered (EPSG:4326 polygons, no R-tree: a night has a few
 * zones), and the next pull fills it.
 */
function addZonesTable(db: Database): void {
  if (db.selectValue("select count(*) from sqlite_master where type = 'table' and name = 'mission_zones'") === 1) return;
  db.transaction(() => {
    db.exec(`create table mission_zones (
      fid integer primary key autoincrement, geom POLYGON, id text not null, mission_id text, plant_id text, name text,
      assignee_ids text, author_id text, created_at DATETIME, updated_at DATETIME, revision integer)`);
    db.exec('create unique index mission_zones_id_key on mission_zones (id)');
    db.exec(`insert into gpkg_contents (table_name, data_type, identifier, srs_id, last_change)
             values ('mission_zones', 'features', 'mission_zones', 4326, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);
    db.exec(`insert into gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m)
             values ('mission_zones', 'geom', 'POLYGON', 4326, 0, 0)`);
  });
}

/**
 * The chat (issue 17) came after the first packages: one downloaded before has its table
 * added, empty and registered like the package's own (its older messages come with the
 * next full download; pulls bring those written from now on).
 */
function addChatTable(db: Database): void {
  if (db.selectValue("select count(*) from sqlite_master where type = 'table' and name = 'chat_messages'") === 1) return;
  db.transaction(() => {
    db.exec(`create table chat_messages (
      fid integer primary key autoincrement, id text not null, mission_id text, author_id text, body text, module_id text,
      photo_id text, sent_at DATETIME, created_at DATETIME, updated_at DATETIME, revision integer)`);
    db.exec('create unique index chat_messages_id_key on chat_messages (id)');
    db.exec(`insert into gpkg_contents (table_name, data_type, identifier, last_change)
             values ('chat_messages', 'attributes', 'chat_messages', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);
  });
}

export function summary(db: Database): PackageSummary {
  const state = (key: string) => getState(db, key);
  const mission = db.selectObject('select * from mission limit 1') ?? {};
  const plantRow = db.selectObject('select id, name, srid, mounting, geom from plant limit 1');
  if (!plantRow) throw new StoreError('not_a_package', 'the mission package has no plant');
  const extent = db.selectObject(
    `select min(min_x) as w, min(min_y) as s, max(max_x) as e, max(max_y) as n from gpkg_contents
      where table_name in ('plant', 'modules', 'tables') and min_x is not null`,
  );
  const hasPlans = db.selectValue("select count(*) from sqlite_master where name = 'plans'") === 1;
  return {
    missionId: String(state('mission_id') ?? mission.id),
    plantId: String(plantRow.id),
    packageId: String(state('package_id') ?? ''),
    deviceId: String(state('device_id')),
    mission: { ...mission, audit_types: JSON.parse(String(mission.audit_types ?? '[]')) as string[] },
    plant: {
      id: String(plantRow.id), name: String(plantRow.name), srid: Number(plantRow.srid), mounting: (plantRow.mounting as string | null) ?? null,
      boundary: plantRow.geom instanceof Uint8Array ? decodeGeometry(plantRow.geom).geometry : null,
    },
    bounds: [Number(extent?.w ?? 0), Number(extent?.s ?? 0), Number(extent?.e ?? 0), Number(extent?.n ?? 0)],
    audits: db.selectObjects('select id, audit_type, status from audits order by audit_type') as PackageSummary['audits'],
    members: db.selectObjects('select user_id, user_name, role from mission_members order by user_name') as PackageSummary['members'],
    plans: hasPlans ? (db.selectObjects('select id, name, opacity, raster_table, min_zoom, max_zoom from plans order by fid') as PackageSummary['plans']) : [],
    modules: Number(db.selectValue('select count(*) from modules')),
    layoutRevision: state('layout_revision'),
  };
}
