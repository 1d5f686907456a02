// GeoPackage geometry blobs (OGC 12-128r18 §2.1.3, "GeoPackageBinary"): a header — magic
// "GP", version 0, flags, srs_id, an optional envelope — then the geometry as ISO WKB.
// Written and read here, in the browser, without GDAL; field/test/gpkg-geometry.test.ts
// checks both directions against GDAL (ogr2ogr writes, ogrinfo reads what we wrote).

export type Position = [number, number];
export type Geometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPoint'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

export interface Envelope {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

const TYPE_CODES = { Point: 1, LineString: 2, Polygon: 3, MultiPoint: 4, MultiLineString: 5, MultiPolygon: 6 } as const;
const TYPE_NAMES = ['', 'Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon'] as const;

export class GeometryError extends Error {}

/** The envelope of a geometry's positions (null for an empty one). */
export function envelopeOf(geometry: Geometry): Envelope | null {
  const e: Envelope = { minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity };
  const visit = (p: Position) => {
    if (p[0] < e.minX) e.minX = p[0];
    if (p[0] > e.maxX) e.maxX = p[0];
    if (p[1] < e.minY) e.minY = p[1];
    if (p[1] > e.maxY) e.maxY = p[1];
  };
  eachPosition(geometry, visit);
  return e.minX === Infinity ? null : e;
}

function eachPosition(g: Geometry, visit: (p: Position) => void): void {
  switch (g.type) {
    case 'Point': visit(g.coordinates); break;
    case 'LineString': case 'MultiPoint': g.coordinates.forEach(visit); break;
    case 'Polygon': case 'MultiLineString': g.coordinates.forEach((r) => r.forEach(visit)); break;
    case 'MultiPolygon': g.coordinates.forEach((p) => p.forEach((r) => r.forEach(visit))); break;
  }
}

/** Bytes of the ISO WKB of a geometry (2D), little-endian. */
function wkbSize(g: Geometry): number {
  const ring = (r: Position[]) => 4 + r.length * 16;
  switch (g.type) {
    case 'Point': return 5 + 16;
    case 'LineString': return 5 + ring(g.coordinates);
    case 'Polygon': return 9 + g.coordinates.reduce((n, r) => n + ring(r), 0);
    case 'MultiPoint': return 9 + g.coordinates.length * 21;
    case 'MultiLineString': return 9 + g.coordinates.reduce((n, l) => n + 5 + ring(l), 0);
    case 'MultiPolygon': return 9 + g.coordinates.reduce((n, p) => n + 9 + p.reduce((m, r) => m + ring(r), 0), 0);
  }
}

class Writer {
  constructor(private readonly view: DataView, private offset: number) {}
  u8(v: number) { this.view.setUint8(this.offset, v); this.offset += 1; }
  u32(v: number) { this.view.setUint32(this.offset, v, true); this.offset += 4; }
  i32(v: number) { this.view.setInt32(this.offset, v, true); this.offset += 4; }
  f64(v: number) { this.view.setFloat64(this.offset, v, true); this.offset += 8; }
  header(type: number) { this.u8(1); this.u32(type); }
  positions(ps: Position[]) { this.u32(ps.length); for (const p of ps) { this.f64(p[0]); this.f64(p[1]); } }
}

function writeWkb(w: Writer, g: Geometry): void {
  w.header(TYPE_CODES[g.type]);
  switch (g.type) {
    case 'Point': w.f64(g.coordinates[0]); w.f64(g.coordinates[1]); break;
    case 'LineString': w.positions(g.coordinates); break;
    case 'Polygon': w.u32(g.coordinates.length); g.coordinates.forEach((r) => w.positions(r)); break;
    case 'MultiPoint': w.u32(g.coordinates.length); g.coordinates.forEach((p) => writeWkb(w, { type: 'Point', coordinates: p })); break;
    case 'MultiLineString': w.u32(g.coordinates.length); g.coordinates.forEach((l) => writeWkb(w, { type: 'LineString', coordinates: l })); break;
    case 'MultiPolygon': w.u32(g.coordinates.length); g.coordinates.forEach((p) => writeWkb(w, { type: 'Polygon', coordinates: p })); break;
  }
}

/**
 * A GeoPackage geometry blob: little-endian header and WKB, an XY envelope for everything
 * but points (a point is its own envelope; GDAL writes them the same way).
 */
export function encodeGeometry(geometry: Geometry, srsId = 4326): Uint8Array {
  const empty = envelopeOf(geometry) === null;
  const withEnvelope = geometry.type !== 'Point' && !empty;
  const headerSize = 8 + (withEnvelope ? 32 : 0);
  const bytes = new Uint8Array(headerSize + wkbSize(geometry));
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x47; // G
  bytes[1] = 0x50; // P
  bytes[2] = 0; // version 1.x
  // Flags: little-endian header (bit 0), envelope kind 1 = XY (bits 1–3), empty (bit 4).
  bytes[3] = 1 | ((withEnvelope ? 1 : 0) << 1) | ((empty ? 1 : 0) << 4);
  view.setInt32(4, srsId, true);
  const w = new Writer(view, 8);
  if (withEnvelope) {
    const e = envelopeOf(geometry) as Envelope;
    w.f64(e.minX); w.f64(e.maxX); w.f64(e.minY); w.f64(e.maxY);
  }
  if (geometry.type === 'Point' && empty) {
    w.header(1); w.f64(NaN); w.f64(NaN);
  } else {
    writeWkb(w, geometry);
  }
  return bytes;
}

export interface Decoded {
  srsId: number;
  empty: boolean;
  /** From the header when it has one, else computed from the coordinates. */
  envelope: Envelope | null;
  geometry: Geometry | null;
}

/** Reads the header only: srs_id, empty flag, the envelope it carries (null when none), where the WKB starts. */
export function readHeader(blob: Uint8Array): { srsId: number; empty: boolean; envelope: Envelope | null; wkbOffset: number } {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new GeometryError('not a GeoPackage geometry (magic)');
  const flags = blob[3] as number;
  if (flags & 0x20) throw new GeometryError('extended GeoPackage geometries are not supported');
  const little = (flags & 1) === 1;
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const srsId = view.getInt32(4, little);
  const kind = (flags >> 1) & 7;
  const sizes = [0, 32, 48, 48, 64];
  const size = sizes[kind];
  if (size === undefined) throw new GeometryError(`invalid envelope indicator ${kind}`);
  if (blob.length < 8 + size) throw new GeometryError('truncated GeoPackage geometry header');
  const envelope = size
    ? { minX: view.getFloat64(8, little), maxX: view.getFloat64(16, little), minY: view.getFloat64(24, little), maxY: view.getFloat64(32, little) }
    : null;
  return { srsId, empty: (flags & 0x10) !== 0, envelope, wkbOffset: 8 + size };
}

class Reader {
  private little = true;
  constructor(private readonly view: DataView, public offset: number) {}
  private need(n: number) { if (this.offset + n > this.view.byteLength) throw new GeometryError('truncated WKB'); }
  order() { this.need(1); this.little = this.view.getUint8(this.offset) === 1; this.offset += 1; }
  u32() { this.need(4); const v = this.view.getUint32(this.offset, this.little); this.offset += 4; return v; }
  f64() { this.need(8); const v = this.view.getFloat64(this.offset, this.little); this.offset += 8; return v; }
}

/** One WKB geometry: ISO codes (1001 = Point Z…) and EWKB flags are read; Z and M are dropped. */
function readWkb(r: Reader): Geometry {
  r.order();
  const raw = r.u32();
  const ewkbZ = (raw & 0x80000000) !== 0;
  const ewkbM = (raw & 0x40000000) !== 0;
  const code = raw & 0x0fffffff;
  const base = code % 1000;
  const iso = Math.floor(code / 1000);
  const dims = 2 + (ewkbZ || iso === 1 || iso === 3 ? 1 : 0) + (ewkbM || iso === 2 || iso === 3 ? 1 : 0);
  const position = (): Position => {
    const x = r.f64();
    const y = r.f64();
    for (let i = 2; i < dims; i++) r.f64();
    return [x, y];
  };
  const positions = () => Array.from({ length: r.u32() }, position);
  const parts = <T extends Geometry>(type: T['type']) =>
    Array.from({ length: r.u32() }, () => {
      const part = readWkb(r);
      if (part.type !== type) throw new GeometryError(`expected ${type} in a multi-geometry, found ${part.type}`);
      return part.coordinates as T['coordinates'];
    });
  switch (TYPE_NAMES[base]) {
    case 'Point': return { type: 'Point', coordinates: position() };
    case 'LineString': return { type: 'LineString', coordinates: positions() };
    case 'Polygon': return { type: 'Polygon', coordinates: Array.from({ length: r.u32() }, positions) };
    case 'MultiPoint': return { type: 'MultiPoint', coordinates: parts('Point') as Position[] };
    case 'MultiLineString': return { type: 'MultiLineString', coordinates: parts('LineString') as Position[][] };
    case 'MultiPolygon': return { type: 'MultiPolygon', coordinates: parts('Polygon') as Position[][][] };
    default: throw new GeometryError(`unsupported WKB geometry type ${raw}`);
  }
}

export function decodeGeometry(blob: Uint8Array): Decoded {
  const header = readHeader(blob);
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const geometry = readWkb(new Reader(view, header.wkbOffset));
  const empty = header.empty || envelopeOf(geometry) === null || (geometry.type === 'Point' && Number.isNaN(geometry.coordinates[0]));
  return {
    srsId: header.srsId,
    empty,
    envelope: header.envelope ?? (empty ? null : envelopeOf(geometry)),
    geometry: empty ? null : geometry,
  };
}

/** The envelope a blob stands for, read from its header when it has one (the R-tree triggers call this per row). */
export function blobEnvelope(blob: Uint8Array): Envelope | null {
  const header = readHeader(blob);
  if (header.empty) return null;
  if (header.envelope) return header.envelope;
  return decodeGeometry(blob).envelope;
}
