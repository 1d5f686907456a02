// The mission's progress on the device (issue 17), by the server's rule (GET
// /missions/{id}/progress, gis-server/src/capabilities/audits/progress.sql) from what the
// package holds: a module is done when it has a result in every module-by-module audit; it
// counts in a work zone when its centre lies in it; open defects by severity. Offline it is
// the tablet's own view; online the pulls bring the team's results within a second.
import type { Database } from '@sqlite.org/sqlite-wasm';
import { SEVERITIES, type Severity } from '@calepin/core';
import { type Geometry, decodeGeometry, envelopeOf } from '../gpkg/geometry';

const COUNTED = "('el', 'thermography', 'visual', 'drone')";

/** A zone as the map draws it. */
export interface ZoneShape {
  id: string;
  name: string;
  assigneeIds: string[];
  geometry: Geometry & { type: 'Polygon' };
  bbox: [number, number, number, number];
}

export interface ZoneProgress extends ZoneShape {
  modules: number;
  done: number;
  defects: Record<Severity, number>;
}

export interface LocalProgress {
  team: { modules: number; done: number; defects: Record<Severity, number> };
  zones: ZoneProgress[];
}

type Ring = readonly (readonly number[])[];

/** Even-odd rule over the outer ring (zones have no holes). */
export function inRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] ?? [];
    const [xj = 0, yj = 0] = ring[j] ?? [];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const none = (): Record<Severity, number> => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;

/** The mission's zones, their outlines decoded: cheap, what the map reads after every write. */
export function zoneShapes(db: Database): ZoneShape[] {
  if (db.selectValue("select count(*) from sqlite_master where type = 'table' and name = 'mission_zones'") !== 1) return [];
  return db.selectObjects('select id, name, assignee_ids, geom from mission_zones order by name, id').flatMap((z): ZoneShape[] => {
    const geometry = z.geom instanceof Uint8Array ? decodeGeometry(z.geom).geometry : null;
    const e = geometry ? envelopeOf(geometry) : null;
    if (geometry?.type !== 'Polygon' || !e) return [];
    return [{
      id: String(z.id), name: String(z.name), assigneeIds: JSON.parse(String(z.assignee_ids ?? '[]')) as string[], geometry,
      bbox: [e.minX, e.minY, e.maxX, e.maxY],
    }];
  });
}

/** Counts every module and defect of the package: read while the Zones panel shows, not after every write. */
export function progress(db: Database): LocalProgress {
  const audits = Number(db.selectValue(`select count(*) from audits where audit_type in ${COUNTED}`));
  const done = new Set(
    audits === 0 ? [] : db.selectValues(
      `select am.module_id from audit_modules am join audits a on a.id = am.audit_id
        where a.audit_type in ${COUNTED} and am.deleted_at is null
        group by am.module_id having count(distinct am.audit_id) >= ?`, [audits]).map(String),
  );
  // Open defects, the point of those not on a module decoded once.
  const defects = db.selectObjects('select module_id, severity, geom from defects where resolved_at is null').map((d) => {
    const g = d.module_id == null && d.geom instanceof Uint8Array ? decodeGeometry(d.geom).geometry : null;
    return { module_id: d.module_id, severity: d.severity as Severity, point: g?.type === 'Point' ? g.coordinates : null };
  });
  const team = { modules: Number(db.selectValue('select count(*) from modules')), done: done.size, defects: none() };
  for (const d of defects) team.defects[d.severity] += 1;

  const rtree = db.selectValue("select count(*) from sqlite_master where name = 'rtree_modules_geom'") === 1;
  const zones = zoneShapes(db).map((z): ZoneProgress => {
    const [minX, minY, maxX, maxY] = z.bbox;
    const ring: Ring = z.geometry.coordinates[0] ?? [];
    // Candidates by the zone's box (the R-tree when the package has one), then the centre decides.
    const candidates = db.selectObjects(rtree
      ? `select m.id, (r.minx + r.maxx) / 2 as x, (r.miny + r.maxy) / 2 as y
           from rtree_modules_geom r join modules m on m.fid = r.id
          where r.maxx >= ?1 and r.minx <= ?2 and r.maxy >= ?3 and r.miny <= ?4`
      : `select id, (ST_MinX(geom) + ST_MaxX(geom)) / 2 as x, (ST_MinY(geom) + ST_MaxY(geom)) / 2 as y from modules
          where ST_MaxX(geom) >= ?1 and ST_MinX(geom) <= ?2 and ST_MaxY(geom) >= ?3 and ST_MinY(geom) <= ?4`,
    [minX, maxX, minY, maxY]);
    const inside = new Set(candidates.filter((m) => inRing(Number(m.x), Number(m.y), ring)).map((m) => String(m.id)));
    const counts = none();
    for (const d of defects) {
      const hit = d.module_id != null ? inside.has(String(d.module_id)) : d.point !== null && inRing(d.point[0], d.point[1], ring);
      if (hit) counts[d.severity] += 1;
    }
    return { ...z, modules: inside.size, done: [...inside].filter((id) => done.has(id)).length, defects: counts };
  });
  return { team, zones };
}
