// A small Mapbox Vector Tile 2.1 encoder (pbf): layers of features already in tile
// coordinates (extent 4096). The offline map draws these tiles with the very layers the
// online map uses (map-kit's plantLayers), so they carry the tile-server's layer and
// property names.
import { PbfWriter } from 'pbf';

export type TilePoint = [number, number];
export type TileGeometry =
  | { type: 'Point'; points: TilePoint[] }
  | { type: 'LineString'; lines: TilePoint[][] }
  | { type: 'Polygon'; polygons: TilePoint[][][] };

export type TileValue = string | number | boolean;
export interface TileFeature {
  geometry: TileGeometry;
  properties: Record<string, TileValue | null | undefined>;
}

export const EXTENT = 4096;

const command = (id: number, count: number) => (count << 3) | (id & 7);
const zigzag = (n: number) => (n << 1) ^ (n >> 31);

/** Shoelace area in tile coordinates (y down): MVT wants exterior rings positive. */
function ringArea(ring: TilePoint[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as TilePoint;
    const [xj, yj] = ring[j] as TilePoint;
    sum += (xj - xi) * (yi + yj);
  }
  return sum / 2;
}

/** Drops repeated points and a closing point equal to the first. */
function clean(points: TilePoint[], closed: boolean): TilePoint[] {
  const out: TilePoint[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  if (closed && out.length > 1) {
    const first = out[0] as TilePoint;
    const last = out[out.length - 1] as TilePoint;
    if (first[0] === last[0] && first[1] === last[1]) out.pop();
  }
  return out;
}

/** The command integers of a geometry; empty when nothing is left to draw. */
function encodeGeometry(geometry: TileGeometry): { type: number; commands: number[] } {
  const commands: number[] = [];
  let x = 0;
  let y = 0;
  const moveTo = (p: TilePoint) => {
    commands.push(command(1, 1), zigzag(p[0] - x), zigzag(p[1] - y));
    [x, y] = p;
  };
  const lineTo = (points: TilePoint[]) => {
    commands.push(command(2, points.length));
    for (const p of points) {
      commands.push(zigzag(p[0] - x), zigzag(p[1] - y));
      [x, y] = p;
    }
  };
  if (geometry.type === 'Point') {
    commands.push(command(1, geometry.points.length));
    for (const p of geometry.points) {
      commands.push(zigzag(p[0] - x), zigzag(p[1] - y));
      [x, y] = p;
    }
    return { type: 1, commands };
  }
  if (geometry.type === 'LineString') {
    for (const line of geometry.lines.map((l) => clean(l, false))) {
      if (line.length < 2) continue;
      moveTo(line[0] as TilePoint);
      lineTo(line.slice(1));
    }
    return { type: 2, commands };
  }
  for (const polygon of geometry.polygons) {
    polygon.forEach((raw, index) => {
      const ring = clean(raw, true);
      if (ring.length < 3) return;
      const area = ringArea(ring);
      if (area === 0) return;
      // Each polygon's first ring is its exterior (positive area), the ones after it holes.
      if ((index === 0 && area < 0) || (index > 0 && area > 0)) ring.reverse();
      moveTo(ring[0] as TilePoint);
      lineTo(ring.slice(1));
      commands.push(command(7, 1));
    });
  }
  return { type: 3, commands };
}

export interface TileLayer {
  name: string;
  features: TileFeature[];
}

/** Encodes layers into one tile; layers and features that draw nothing are left out. */
export function encodeTile(layers: TileLayer[]): Uint8Array {
  const pbf = new PbfWriter();
  for (const layer of layers) {
    const keys = new Map<string, number>();
    const values = new Map<string, number>();
    const valueList: TileValue[] = [];
    const encoded = layer.features
      .map((f) => ({ f, g: encodeGeometry(f.geometry) }))
      .filter(({ g }) => g.commands.length > 0);
    if (!encoded.length) continue;
    pbf.writeMessage(3, (_obj, p) => {
      p.writeVarintField(15, 2);
      p.writeStringField(1, layer.name);
      for (const { f, g } of encoded) {
        p.writeMessage(2, (_obj2, fp) => {
          const tags: number[] = [];
          for (const [k, v] of Object.entries(f.properties)) {
            if (v === null || v === undefined) continue;
            let ki = keys.get(k);
            if (ki === undefined) keys.set(k, (ki = keys.size));
            const vk = `${typeof v}:${String(v)}`;
            let vi = values.get(vk);
            if (vi === undefined) {
              values.set(vk, (vi = valueList.length));
              valueList.push(v);
            }
            tags.push(ki, vi);
          }
          fp.writePackedVarint(2, tags);
          fp.writeVarintField(3, g.type);
          fp.writePackedVarint(4, g.commands);
        }, null);
      }
      for (const k of keys.keys()) p.writeStringField(3, k);
      for (const v of valueList) {
        p.writeMessage(4, (_obj3, vp) => {
          if (typeof v === 'string') vp.writeStringField(1, v);
          else if (typeof v === 'boolean') vp.writeBooleanField(7, v);
          else if (Number.isInteger(v)) vp.writeSVarintField(6, v);
          else vp.writeDoubleField(3, v);
        }, null);
      }
      p.writeVarintField(5, EXTENT);
    }, null);
  }
  return pbf.finish();
}
