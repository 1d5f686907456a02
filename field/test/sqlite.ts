// sqlite-wasm in Node for the tests: the same SQLite build and the same store engine as the
// browser's worker, on an in-memory copy of a GeoPackage (Node has no OPFS).
import sqlite3InitModule, { type Database } from '@sqlite.org/sqlite-wasm';

const sqlite3 = await sqlite3InitModule();

/** A database holding these bytes (a GeoPackage file), in memory. */
export function openBytes(bytes: Uint8Array): Database {
  const db = new sqlite3.oo1.DB(':memory:');
  const pointer = sqlite3.wasm.allocFromTypedArray(bytes);
  const { capi } = sqlite3;
  const rc = capi.sqlite3_deserialize(
    db.pointer as number, 'main', pointer, bytes.length, bytes.length,
    capi.SQLITE_DESERIALIZE_FREEONCLOSE | capi.SQLITE_DESERIALIZE_RESIZEABLE,
  );
  db.checkRc(rc);
  return db;
}

/** The database's bytes, as the device's export writes them. */
export const exportBytes = (db: Database): Uint8Array => sqlite3.capi.sqlite3_js_db_export(db);
