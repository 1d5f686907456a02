// The SQL functions that GeoPackage's R-tree triggers call (OGC 12-128 §F.3: ST_IsEmpty,
// ST_MinX, ST_MaxX, ST_MinY, ST_MaxY). GDAL and SpatiaLite provide them; a plain SQLite —
// ours, in WebAssembly — does not, and any insert into a feature table would fail in its
// trigger. They read the blob's header (and its coordinates only when it has no envelope).
import type { Database, SqlValue } from '@sqlite.org/sqlite-wasm';
import { blobEnvelope, readHeader } from './geometry';

const asBlob = (v: SqlValue): Uint8Array | null => (v instanceof Uint8Array ? v : null);

export function registerGeoPackageFunctions(db: Database): void {
  const options = { arity: 1, deterministic: true, innocuous: true } as const;
  db.createFunction('ST_IsEmpty', (_ctx: number, v: SqlValue) => {
    const blob = asBlob(v);
    if (!blob) return null;
    return readHeader(blob).empty || blobEnvelope(blob) === null ? 1 : 0;
  }, options);
  for (const [name, side] of [['ST_MinX', 'minX'], ['ST_MaxX', 'maxX'], ['ST_MinY', 'minY'], ['ST_MaxY', 'maxY']] as const) {
    db.createFunction(name, (_ctx: number, v: SqlValue) => {
      const blob = asBlob(v);
      return blob ? (blobEnvelope(blob)?.[side] ?? null) : null;
    }, options);
  }
}
