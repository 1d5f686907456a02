// The DWG → DXF converter (acad-ts in a worker thread) on what drawings hold besides
// LWPOLYLINEs: blocks (INSERT), open lines; and its limits. (Old-style 2D POLYLINEs are not
// here: acad-ts's writers do not write their vertices, so no such drawing can be made.)
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import gdal from 'gdal-async';
import { ACadVersion, BlockRecord, CadDocument, DwgWriter, Insert, Layer, Line, LwPolyline, XY, XYZ } from '@node-projects/acad-ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { DwgError, dwgToDxf } from '../src/capabilities/plans/dwg/convert';

let dir: string;
let dwg: string;

/** Layer TABLES: one LWPOLYLINE, one block inserted twice; layer NOTES: an open line. */
function drawing(): CadDocument {
  const doc = new CadDocument();
  doc.header!.version = ACadVersion.AC1018;
  const tables = new Layer();
  tables.name = 'TABLES';
  doc.layers!.add(tables);
  const notes = new Layer();
  notes.name = 'NOTES';
  doc.layers!.add(notes);
  const rect = (x: number, y: number) => [new XY(x, y), new XY(x + 5, y), new XY(x + 5, y + 3), new XY(x, y + 3)];
  const lw = new LwPolyline(rect(0, 0));
  lw.isClosed = true;
  lw.layer = tables;
  doc.modelSpace!.entities.add(lw);
  const block = new BlockRecord('TABLE_2X5');
  const inBlock = new LwPolyline(rect(0, 0));
  inBlock.isClosed = true;
  block.entities.add(inBlock);
  doc.blockRecords!.add(block);
  for (const x of [10, 20]) {
    const insert = new Insert(block);
    insert.insertPoint = new XYZ(x, 0, 0);
    insert.layer = tables;
    doc.modelSpace!.entities.add(insert);
  }
  const line = new Line();
  line.startPoint = new XYZ(0, 10, 0);
  line.endPoint = new XYZ(35, 10, 0);
  line.layer = notes;
  doc.modelSpace!.entities.add(line);
  return doc;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'calepin-dwg-'));
  dwg = join(dir, 'blocks.dwg');
  await writeFile(dwg, DwgWriter.writeToBuffer(drawing()));
});

describe('DWG → DXF', () => {
  it('keeps layers, explodes blocks, closes LWPOLYLINE outlines', async () => {
    const dxf = join(dir, 'blocks.dxf');
    expect(await dwgToDxf(dwg, dxf)).toEqual({ entities: 4 });
    const ds = gdal.open(dxf, 'r', ['DXF']);
    const closed: Record<string, string[]> = {};
    const open: string[] = [];
    for (const feature of ds.layers.get(0).features) {
      const g = feature.getGeometry() as gdal.LineString;
      const layer = String(feature.fields.get('Layer'));
      const pts = g.points.toArray();
      const first = pts[0]!;
      const last = pts[pts.length - 1]!;
      if (pts.length >= 4 && first.x === last.x && first.y === last.y) (closed[layer] ??= []).push(`${first.x},${first.y}`);
      else open.push(layer);
    }
    ds.close();
    expect(closed.TABLES?.sort()).toEqual(['0,0', '10,0', '20,0']);
    expect(open).toEqual(['NOTES']);
  });

  it('stops at its time limit and leaves no file', async () => {
    const dxf = join(dir, 'slow.dxf');
    const error = await dwgToDxf(dwg, dxf, { timeoutMs: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DwgError);
    expect((error as DwgError).reason).toBe('unreadable');
    expect((error as Error).message).toContain('longer than');
    expect((await readdir(dir)).filter((n) => n.startsWith('slow'))).toEqual([]);
  });

  it('stops at its memory limit', async () => {
    const error = await dwgToDxf(dwg, join(dir, 'small.dxf'), { maxMemoryMb: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DwgError);
    expect((error as Error).message).toMatch(/memory|stopped/);
  });
});
