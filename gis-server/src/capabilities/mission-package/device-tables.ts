import type gdal from 'gdal-async';

// The field app's own tables (docs/sync.md §3), created empty in every mission package so
// that the device opens a file that is complete from the start: the outbox, the sync
// state (with the cursor taken before the package was read) and the files (photos and
// voice notes kept on the device, encrypted, until the server confirms them). Registered in
// gpkg_contents as attributes, each with an INTEGER primary key (GeoPackage requirement 119),
// so that GDAL and QGIS open an exported file whole.
const TABLES: { name: string; description: string; ddl: string[] }[] = [
  {
    name: 'calepin_outbox',
    description: 'Changes made on the device, in order, waiting for the server (docs/sync.md §3)',
    ddl: [
      `create table calepin_outbox (
         seq integer primary key autoincrement,
         op_id text not null unique,
         table_name text not null,
         row_key text not null,
         op text not null check (op in ('create', 'patch', 'delete')),
         columns text not null,
         device_time text not null,
         state text not null default 'pending' check (state in ('pending', 'sent', 'applied', 'conflict', 'rejected')),
         batch_id text,
         result text,
         attempts integer not null default 0)`,
      'create index calepin_outbox_state_idx on calepin_outbox (state, seq)',
      'create index calepin_outbox_row_idx on calepin_outbox (table_name, row_key)',
    ],
  },
  {
    name: 'calepin_sync_state',
    description: 'The device’s sync state: device id, pull cursor, layout revision, package',
    ddl: ['create table calepin_sync_state (fid integer primary key autoincrement, key text not null unique, value text not null)'],
  },
  {
    name: 'calepin_files',
    description: 'Photos and voice notes taken on the device: kept encrypted until the server confirms their SHA-256',
    ddl: [
      `create table calepin_files (
         fid integer primary key autoincrement,
         sha256 text not null unique check (length(sha256) = 64),
         kind text not null check (kind in ('photo', 'voice')),
         mime_type text not null,
         filename text,
         size_bytes integer not null check (size_bytes >= 0),
         state text not null default 'local' check (state in ('local', 'confirmed')),
         upload_url text,
         preview_sha256 text,
         created_at text not null)`,
    ],
  },
];

// What the device looks rows up by: the server's keys, module codes, a module's defects.
const INDEXES = [
  'create unique index modules_id_key on modules (id)',
  'create index modules_code_idx on modules (code)',
  'create index modules_string_idx on modules (string_id)',
  'create index modules_table_idx on modules (table_id)',
  'create unique index tables_id_key on tables (id)',
  'create unique index strings_id_key on strings (id)',
  'create unique index inverters_id_key on inverters (id)',
  'create unique index audits_id_key on audits (id)',
  'create unique index audit_modules_key on audit_modules (audit_id, module_id)',
  'create index audit_modules_module_idx on audit_modules (module_id)',
  'create unique index defects_id_key on defects (id)',
  'create index defects_module_idx on defects (module_id)',
  'create unique index photos_id_key on photos (id)',
  'create index photos_defect_idx on photos (defect_id)',
  'create unique index checklist_templates_id_key on checklist_templates (id)',
  'create unique index checklist_responses_id_key on checklist_responses (id)',
  'create unique index chat_messages_id_key on chat_messages (id)',
  'create unique index mission_zones_id_key on mission_zones (id)',
  'create unique index mission_members_key on mission_members (mission_id, user_id)',
  'create index previous_defects_module_idx on previous_defects (module_id)',
];

export const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Runs a statement that returns no rows. gdal-async throws whenever ExecuteSQL returns no
 * result set, with an empty message when the statement succeeded and SQLite's message
 * when it failed: only the latter is an error.
 */
export function execute(dataset: gdal.Dataset, sql: string): void {
  try {
    dataset.executeSQL(sql);
  } catch (error) {
    if ((error as Error).message) throw error;
  }
}

/** Adds the device tables, the lookup indexes and the sync state to an open mission package. */
export function addDeviceTables(dataset: gdal.Dataset, state: Record<string, string>): void {
  const run = (sql: string) => execute(dataset, sql);
  for (const table of TABLES) {
    for (const statement of table.ddl) run(statement);
    run(
      `insert into gpkg_contents (table_name, data_type, identifier, description, last_change)
       values (${quote(table.name)}, 'attributes', ${quote(table.name)}, ${quote(table.description)},
               strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
    );
  }
  for (const statement of INDEXES) run(statement);
  for (const [key, value] of Object.entries(state)) {
    run(`insert into calepin_sync_state (key, value) values (${quote(key)}, ${quote(value)})`);
  }
}
