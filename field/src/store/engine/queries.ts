// The named reads of the device store: what the screens ask, by name, never by SQL.
import type { Database, SqlValue } from '@sqlite.org/sqlite-wasm';
import { decodeGeometry, type Geometry, envelopeOf } from '../gpkg/geometry';
import { type ChecklistAnswer, type ChecklistSection, isNonConformity } from '@calepin/core';
import { StoreError, type TileMode } from '../types';
import { statusSql } from '../tiles/build';
import { fromSql } from './rows';
import { DEVICE_TABLES } from './tables';
import { getState } from './state';
import { progress, zoneShapes } from './progress';

const geometryOf = (v: SqlValue | undefined) => (v instanceof Uint8Array ? decodeGeometry(v).geometry : null);
const rows = (db: Database, sql: string, bind?: SqlValue[] | Record<string, SqlValue>) => db.selectObjects(sql, bind);

function parsed(table: keyof typeof DEVICE_TABLES, row: Record<string, SqlValue>) {
  const spec = DEVICE_TABLES[table];
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, fromSql(spec, k, v)]));
}

/** The centre and box of a geometry, for flying the map to it. */
function place(geometry: Geometry | null) {
  const e = geometry ? envelopeOf(geometry) : null;
  return e ? { centre: [(e.minX + e.maxX) / 2, (e.minY + e.maxY) / 2] as [number, number], bbox: [e.minX, e.minY, e.maxX, e.maxY] as [number, number, number, number] } : null;
}

type Row = Record<string, unknown>;

/** What the module panel shows: the module, where it is wired, its results, defects and photos. */
export interface ModuleDetail extends Row {
  id: string;
  code: string;
  table_code: string | null;
  row_index: number | null;
  column_index: number | null;
  string_code: string | null;
  position_in_string: number | null;
  inverter_code: string | null;
  mppt_index: number | null;
  junction_box_code: string | null;
  model_manufacturer: string | null;
  model_name: string | null;
  power_wp: number | null;
  string_id: string | null;
  table_id: string | null;
  inverter_id: string | null;
  package_status: string;
  /** Its status in the audit asked for (pending when not inspected), or the latest known. */
  status: string;
  geometry: Geometry | null;
  centre?: [number, number];
  bbox?: [number, number, number, number];
  results: Row[];
  defects: Row[];
  previous: Row[];
  photos: Row[];
}

export interface ChatRow {
  id: string;
  author_id: string;
  author_name: string | null;
  body: string;
  module_id: string | null;
  module_code: string | null;
  photo_id: string | null;
  photo_sha256: string | null;
  photo_mime_type: string | null;
  sent_at: string;
  /** Written on this device and not taken by the server yet. */
  waiting: boolean;
}

export interface RejectedOp {
  seq: number;
  op_id: string;
  table_name: string;
  row_key: string;
  op: string;
  device_time: string;
  result: { code?: string; field?: string | null; message?: string } | null;
}

export const queries = {
  /** Modules whose code starts with what was typed (case ignored), for the search box. */
  searchModules(db: Database, { prefix, limit = 8 }: { prefix: string; limit?: number }) {
    const p = prefix.trim().toUpperCase();
    if (!p) return [];
    return rows(db, `select id, code, geom from modules where code >= ? and code < ? order by code limit ?`, [p, `${p}\u{10ffff}`, limit])
      .map((r) => ({ id: String(r.id), code: String(r.code), ...place(geometryOf(r.geom)) }));
  },

  /** Everything the module panel shows. */
  module(db: Database, { id, audit }: { id: string; audit: string | null }): ModuleDetail {
    const m = db.selectObject(
      `select m.id, m.code, m.status as package_status, m.table_code, m.row_index, m.column_index, m.string_code, m.position_in_string,
              m.inverter_code, m.mppt_index, m.junction_box_code, m.model_manufacturer, m.model_name, m.power_wp, m.string_id, m.table_id,
              m.geom, s.inverter_id
         from modules m left join strings s on s.id = m.string_id where m.id = ?`,
      [id],
    );
    if (!m) throw new StoreError('not_found', `module ${id} is not in this package`, 'id');
    const geometry = geometryOf(m.geom);
    const results = rows(db, `select am.audit_id, a.audit_type, am.status, am.inspected_at, am.inspected_by, am.deleted_at
                                from audit_modules am join audits a on a.id = am.audit_id where am.module_id = ?`, [id]);
    const defects = rows(db, `select d.*, (select count(*) from photos p where p.defect_id = d.id) as photo_count
                                from defects d where d.module_id = ? order by d.observed_at desc`, [id])
      .map((r) => parsed('defects', r));
    const previous = rows(db, 'select id, audit_type, defect_type, module_status, severity, description, observed_at from previous_defects where module_id = ? order by observed_at desc', [id]);
    const photos = rows(db, 'select * from photos where module_id = ? order by created_at', [id]).map((r) => parsed('photos', r));
    const current = audit ? results.find((r) => r.audit_id === audit && r.deleted_at === null) : undefined;
    const { geom: _g, ...rest } = m;
    return {
      ...(rest as unknown as ModuleDetail), geometry, ...place(geometry), status: current ? String(current.status) : audit ? 'pending' : String(m.package_status),
      results, defects, previous, photos,
    };
  },

  defect(db: Database, { id }: { id: string }) {
    const d = db.selectObject('select * from defects where id = ?', [id]);
    if (!d) throw new StoreError('not_found', `defect ${id} is not on this device`, 'id');
    const photos = rows(db, 'select * from photos where defect_id = ? order by created_at', [id]).map((r) => parsed('photos', r));
    return { ...parsed('defects', d), photos };
  },

  /** The mission's defects, newest first (the list screen). */
  defects(db: Database, { audit, limit = 500 }: { audit: string | null; limit?: number }) {
    return rows(db, `select d.id, d.audit_id, d.module_id, m.code as module_code, d.target_kind, d.defect_type, d.module_status, d.severity,
                            d.observed_at, d.description, (select count(*) from photos p where p.defect_id = d.id) as photo_count
                       from defects d left join modules m on m.id = d.module_id
                      where ($audit is null or d.audit_id = $audit) order by d.observed_at desc limit $limit`,
    { $audit: audit, $limit: limit });
  },

  /** The box around modules and defects (the map rebuilds the tiles over it), null when none is known. */
  bboxOf(db: Database, { modules = [], defects = [] }: { modules?: string[]; defects?: string[] }) {
    const boxes: Record<string, SqlValue>[] = [];
    for (const [table, ids] of [['modules', modules], ['defects', defects]] as const) {
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const box = db.selectObject(
          `select min(r.minx) as w, min(r.miny) as s, max(r.maxx) as e, max(r.maxy) as n
             from "rtree_${table}_geom" r join "${table}" t on t.fid = r.id where t.id in (${chunk.map(() => '?').join(', ')})`, chunk);
        if (box && box.w !== null) boxes.push(box);
      }
    }
    if (!boxes.length) return null;
    return [Math.min(...boxes.map((b) => Number(b.w))), Math.min(...boxes.map((b) => Number(b.s))),
      Math.max(...boxes.map((b) => Number(b.e))), Math.max(...boxes.map((b) => Number(b.n)))] as [number, number, number, number];
  },

  strings(db: Database) {
    return rows(db, 'select id, code, inverter_code, inverter_id, module_count from strings order by length(code), code');
  },

  inverters(db: Database) {
    return rows(db, 'select id, code from inverters order by length(code), code');
  },

  /** The ids of a string's or a table's modules, in their order (bulk selection in EL night mode). */
  modulesOf(db: Database, { stringId, tableId }: { stringId?: string; tableId?: string }) {
    if (stringId) return rows(db, 'select id, code from modules where string_id = ? order by position_in_string, code', [stringId]);
    if (tableId) return rows(db, 'select id, code from modules where table_id = ? order by row_index, column_index, code', [tableId]);
    return [];
  },

  /** A module's status in a mode (after a write, the map's state). */
  statuses(db: Database, { ids, mode }: { ids: string[]; mode: TileMode }) {
    const status = statusSql(mode);
    const out: Record<string, string> = {};
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const bind: Record<string, SqlValue> = { ...status.bind };
      chunk.forEach((id, j) => { bind[`$i${j}`] = id; });
      for (const r of rows(db, `select m.id, ${status.sql} as status from modules m where m.id in (${chunk.map((_, j) => `$i${j}`).join(', ')})`, bind)) {
        out[String(r.id)] = String(r.status);
      }
    }
    return out;
  },

  checklists(db: Database) {
    const templates = rows(db, 'select id, name, version, audit_types, sections from checklist_templates order by name').map((t) => ({
      id: String(t.id), name: String(t.name), version: Number(t.version),
      auditTypes: JSON.parse(String(t.audit_types ?? '[]')) as string[], sections: JSON.parse(String(t.sections ?? '[]')) as unknown[],
    }));
    const responses = rows(db, 'select * from checklist_responses').map((r) => parsed('checklist_responses', r));
    return { templates, responses };
  },

  /** The team chat as the device has it, oldest first: authors named, pins with their module's code, photos with their file, and whether it still waits for the network. */
  chat(db: Database): ChatRow[] {
    return rows(db, `select c.id, c.author_id, u.user_name as author_name, c.body, c.module_id, m.code as module_code,
                            c.photo_id, p.sha256 as photo_sha256, p.mime_type as photo_mime_type, c.sent_at,
                            exists (select 1 from calepin_outbox o where o.table_name = 'chat_messages' and o.row_key = json_object('id', c.id)
                                       and o.state in ('pending', 'sent')) as waiting
                       from chat_messages c left join mission_members u on u.user_id = c.author_id
                            left join modules m on m.id = c.module_id left join photos p on p.id = c.photo_id
                      order by c.sent_at, c.id`).map((r) => ({
      ...(r as unknown as ChatRow), sent_at: r.sent_at ? new Date(String(r.sent_at)).toISOString() : '', waiting: Boolean(r.waiting),
    }));
  },

  /**
   * A page of the plant in 3D (the same scene as the office's 3D page): tables, or modules
   * in the colour of the audit worked on; keyed by fid, 10,000 at a time.
   */
  scene3d(db: Database, { kind, audit, after = 0, limit = 10_000 }: { kind: 'tables' | 'modules'; audit: string | null; after?: number; limit?: number }) {
    const status = statusSql({ audit });
    const list = kind === 'tables'
      ? rows(db, `select fid, id, geom, tilt_deg, azimuth_deg, height_m, null as status from tables where fid > $after order by fid limit $limit`, { $after: after, $limit: limit })
      : rows(db, `select m.fid, m.id, m.geom, coalesce(m.tilt_deg, t.tilt_deg) as tilt_deg, coalesce(m.azimuth_deg, t.azimuth_deg) as azimuth_deg,
                         coalesce(m.height_m, t.height_m) as height_m, ${status.sql} as status
                    from modules m left join tables t on t.id = m.table_id
                   where m.fid > $after order by m.fid limit $limit`, { ...status.bind, $after: after, $limit: limit });
    const features = list.flatMap((r) => {
      const g = geometryOf(r.geom);
      if (g?.type !== 'Polygon') return [];
      return [{
        id: String(r.id), ring: g.coordinates[0] as [number, number][], status: (r.status as string | null) ?? 'pending',
        props: { tiltDeg: r.tilt_deg as number | null, azimuthDeg: r.azimuth_deg as number | null, heightM: r.height_m as number | null },
      }];
    });
    return { features, next: list.length === limit ? Number(list.at(-1)?.fid) : null };
  },

  /**
   * The checklists' control points (answers placed on the map), each with its field's label
   * and whether it is a non-conformity: what the map draws.
   */
  controlPoints(db: Database) {
    const templates = new Map(rows(db, 'select id, sections from checklist_templates').map((t) => [String(t.id), JSON.parse(String(t.sections ?? '[]')) as ChecklistSection[]]));
    return rows(db, 'select id, template_id, answers from checklist_responses').flatMap((r) => {
      const answers = JSON.parse(String(r.answers ?? '{}')) as Record<string, ChecklistAnswer>;
      const fields = (templates.get(String(r.template_id)) ?? []).flatMap((s) => s.fields);
      return Object.entries(answers).flatMap(([fieldId, answer]) => {
        const field = fields.find((f) => f.id === fieldId);
        if (!answer?.point || !field) return [];
        return [{ responseId: String(r.id), fieldId, label: field.label, point: answer.point, nonConformity: isNonConformity(field, answer) }];
      });
    });
  },

  /** The team's and each work zone's progress, from what the device holds (issue 17). */
  progress(db: Database) {
    return progress(db);
  },

  /** The work zones' outlines and technicians, for the map. */
  zones(db: Database) {
    return zoneShapes(db);
  },

  photos(db: Database, { ids }: { ids: string[] }) {
    if (!ids.length) return [];
    return rows(db, `select * from photos where id in (${ids.map(() => '?').join(', ')})`, ids).map((r) => parsed('photos', r));
  },

  /** What the sync screen shows: operations by state, those set aside with the server's message, files waiting. */
  syncStatus(db: Database) {
    const byState = Object.fromEntries(rows(db, 'select state, count(*) as n from calepin_outbox group by state').map((r) => [String(r.state), Number(r.n)]));
    const rejected = rows(db, "select seq, op_id, table_name, row_key, op, device_time, result from calepin_outbox where state = 'rejected' order by seq")
      .map((r) => ({ ...r, result: r.result ? JSON.parse(String(r.result)) : null }) as unknown as RejectedOp);
    const files = rows(db, "select state, count(*) as n, sum(size_bytes) as bytes from calepin_files group by state");
    return {
      byState, rejected, files,
      lastPushAt: getState(db, 'last_push_at'), lastPullAt: getState(db, 'last_pull_at'),
      layoutRevision: getState(db, 'layout_revision'), serverLayoutRevision: getState(db, 'server_layout_revision'),
    };
  },

  /** Files taken on the device that the server has not confirmed yet. */
  localFiles(db: Database) {
    return rows(db, "select sha256, kind, mime_type, filename, size_bytes, upload_url, preview_sha256 from calepin_files where state = 'local' order by fid");
  },

  /** The plan raster tile at z/x/y (GoogleMapsCompatible: the tile row is y), or null. */
  planTile(db: Database, { table, z, x, y }: { table: string; z: number; x: number; y: number }) {
    if (!/^plan_[0-9a-f]{32}$/.test(table)) throw new StoreError('invalid', `not a plan table: ${table}`, 'table');
    const data = db.selectValue(`select tile_data from "${table}" where zoom_level = ? and tile_column = ? and tile_row = ?`, [z, x, y]);
    return data instanceof Uint8Array ? data : null;
  },
};

export type Queries = typeof queries;
export type QueryName = keyof Queries;
