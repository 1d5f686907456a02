// The device store (docs/field.md): the one interface between the app and its database, the
// mission package. The UI opens, reads by named queries, writes changes and exports; it
// never sees SQL. Every write is the row and its outbox operation in one transaction.
import type { MapStatus, ModuleStatus } from '@calepin/core';
import type { Geometry } from './gpkg/geometry';

export type SyncTableName = 'audits' | 'audit_modules' | 'defects' | 'photos' | 'checklist_responses' | 'chat_messages' | 'mission_zones';
export type ChangeOp = 'create' | 'patch' | 'delete';

/**
 * One edit of the technician: a row of a synced table created, patched or deleted. `values`
 * names columns (`answers.<fieldId>` for one key of a keyed JSON column); `geom` is a
 * GeoJSON point in EPSG:4326.
 */
export interface Change {
  table: SyncTableName;
  op: ChangeOp;
  key: Record<string, string>;
  values?: Record<string, unknown>;
  /** A photo or voice note the row names, already stored (encrypted) on the device: recorded in the same transaction. */
  file?: DeviceFile;
}

export interface DeviceFile {
  sha256: string;
  kind: 'photo' | 'voice';
  mimeType: string;
  filename: string | null;
  size: number;
}

/** What a write did: the row as it is now (null once deleted), and the derived statuses it moved. */
export interface WriteResult {
  row: Record<string, unknown> | null;
  statuses: { auditId: string; moduleId: string; status: ModuleStatus | null }[];
  /** The outbox sequence number of the operation (or of the one it was folded into); null when the edit cancelled a pending create. */
  seq: number | null;
  /** The transaction, its commit included (ms). */
  ms: number;
  /** Its statements alone, before the commit (ms): the rest is the file system's. */
  sqlMs: number;
}

export interface PackageSummary {
  missionId: string;
  plantId: string;
  packageId: string;
  deviceId: string;
  mission: Record<string, unknown>;
  plant: { id: string; name: string; srid: number; mounting: string | null; boundary: Geometry | null };
  /** Extent of the layout, [minLon, minLat, maxLon, maxLat]. */
  bounds: [number, number, number, number];
  audits: { id: string; audit_type: string; status: string }[];
  members: { user_id: string; user_name: string; role: string }[];
  plans: { id: string; name: string; opacity: number; raster_table: string; min_zoom: number; max_zoom: number }[];
  modules: number;
  layoutRevision: string | null;
}

/** The map's colouring: one audit's results (pending where it found nothing) or the package's statuses. */
export interface TileMode {
  audit: string | null;
}

export type StatusCounts = Record<MapStatus, number>;

/** Raised by the store with a code the UI words in the technician's language. */
export class StoreError extends Error {
  constructor(
    readonly code:
      | 'not_a_package' | 'package_version' | 'corrupt' | 'storage_full' | 'locked' | 'not_found' | 'invalid' | 'opfs_unavailable'
      | 'several_defects',
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
