// Plans of the ground demo plant with a known georeferencing, written at test time:
// a raster plan in pixel space, the same as GeoTIFF, PNG + world file, a two-page PDF,
// a DXF in local units and one in Lambert-93, the same drawing as DWG 2000/2004/2010/2018,
// and bad files.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import gdal from 'gdal-async';

const run = promisify(execFile);
import { DEMO_PLANTS } from '../demo/constants';
import { DWG_VERSIONS, type DwgVersion, writeDwg } from './dwg';

export type GeoTransform = [number, number, number, number, number, number];

export interface PlanFixtures {
  srid: 2154;
  width: number;
  height: number;
  /** The truth: pixel (GDAL pixel/line) → Lambert-93. */
  geoTransform: GeoTransform;
  truth(pixel: readonly [number, number]): [number, number];
  /** Tables drawn on the plan, pixel rectangles [x0, y0, x1, y1]. */
  tables: [number, number, number, number][];
  files: {
    png: string; geotiff: string; geopdf: string; pgw: string; prj: string; pdf: string;
    dxfLocal: string; dxfLambert: string; corrupt: string; wrongType: string;
    /** The DXF in local units as DWG, one per version (acad-ts DwgWriter). */
    dwg: Record<DwgVersion, string>;
    /** A DWG R11/R12 header (AC1009) on bytes no reader takes, and a DWG 2004 cut in half. */
    dwgR12: string; dwgCorrupt: string;
    /** The DXF in Lambert-93 as DWG 2004 (placed by the `.prj` sent with it). */
    dwgLambert: string;
  };
}

const PIXEL_M = 0.05;
const ANGLE = (7 * Math.PI) / 180;

/** Lambert-93 of the ground demo plant's centre. */
function plantCentre(): [number, number] {
  const [lon, lat] = DEMO_PLANTS.ground.center;
  const ct = new gdal.CoordinateTransformation(gdal.SpatialReference.fromEPSG(4326), gdal.SpatialReference.fromEPSG(2154));
  const p = ct.transformPoint(lat, lon); // EPSG:4326 is latitude first for PROJ
  return [p.x, p.y];
}

/**
 * Writes the plan fixtures into `dir`. `rasterOnly` writes the PNG, world file, .prj and
 * GeoTIFF only (the benchmark's 10,000 × 7,000 plan).
 */
export async function writePlanFixtures(
  dir: string,
  size: { width: number; height: number } = { width: 2000, height: 1400 },
  options: { rasterOnly?: boolean } = {},
): Promise<PlanFixtures> {
  const { width, height } = size;
  const [e, n] = plantCentre();
  const a = PIXEL_M * Math.cos(ANGLE);
  const b = PIXEL_M * Math.sin(ANGLE);
  // Rotated 7°, the plan's centre on the plant's centre.
  const gt: GeoTransform = [0, a, b, 0, b, -a];
  gt[0] = e - (a * width) / 2 - (b * height) / 2;
  gt[3] = n - (b * width) / 2 + (a * height) / 2;
  const truth = (p: readonly [number, number]): [number, number] => [gt[0] + gt[1] * p[0] + gt[2] * p[1], gt[3] + gt[4] * p[0] + gt[5] * p[1]];

  // Rows of tables (dark blue) on white, inside a black frame.
  const tables: PlanFixtures['tables'] = [];
  for (let row = 0; row < 5; row++) {
    for (let col = 0; col < 6; col++) {
      const x0 = Math.round(width * (0.08 + col * 0.15));
      const y0 = Math.round(height * (0.1 + row * 0.17));
      tables.push([x0, y0, x0 + Math.round(width * 0.12), y0 + Math.round(height * 0.08)]);
    }
  }
  const rgb = [new Uint8Array(width * height).fill(255), new Uint8Array(width * height).fill(255), new Uint8Array(width * height).fill(255)];
  const paint = (x0: number, y0: number, x1: number, y1: number, colour: [number, number, number]) => {
    for (let y = Math.max(0, y0); y < Math.min(height, y1); y++) {
      for (let x = Math.max(0, x0); x < Math.min(width, x1); x++) {
        for (let k = 0; k < 3; k++) rgb[k]![y * width + x] = colour[k]!;
      }
    }
  };
  const frame = Math.max(4, Math.round(width / 200));
  paint(0, 0, width, frame, [0, 0, 0]);
  paint(0, height - frame, width, height, [0, 0, 0]);
  paint(0, 0, frame, height, [0, 0, 0]);
  paint(width - frame, 0, width, height, [0, 0, 0]);
  for (const t of tables) paint(t[0], t[1], t[2], t[3], [20, 40, 140]);

  const mem = gdal.open('mem', 'w', 'MEM', width, height, 3, gdal.GDT_Byte);
  rgb.forEach((band, i) => mem.bands.get(i + 1).pixels.write(0, 0, width, height, band));
  const files: PlanFixtures['files'] = {
    png: join(dir, 'plan.png'), geotiff: join(dir, 'plan-l93.tif'), geopdf: join(dir, 'plan-l93.pdf'), pgw: join(dir, 'plan.pgw'), prj: join(dir, 'plan.prj'),
    pdf: join(dir, 'plan-2-pages.pdf'), dxfLocal: join(dir, 'plan-local.dxf'), dxfLambert: join(dir, 'plan-l93.dxf'),
    corrupt: join(dir, 'corrupt.png'), wrongType: join(dir, 'notes.pdf'),
    dwg: Object.fromEntries(DWG_VERSIONS.map((v) => [v, join(dir, `plan-local-${v}.dwg`)])) as Record<DwgVersion, string>,
    dwgR12: join(dir, 'plan-r12.dwg'), dwgCorrupt: join(dir, 'plan-corrupt.dwg'), dwgLambert: join(dir, 'plan-l93.dwg'),
  };
  gdal.drivers.get('PNG').createCopy(files.png, mem).close();
  mem.geoTransform = gt;
  mem.srs = gdal.SpatialReference.fromEPSG(2154);
  gdal.drivers.get('GTiff').createCopy(files.geotiff, mem, { COMPRESS: 'DEFLATE' }).close();
  mem.close();
  // World file: A D B E C F, C/F at the centre of the top-left pixel.
  await writeFile(files.pgw, [gt[1], gt[4], gt[2], gt[5], gt[0] + gt[1] / 2 + gt[2] / 2, gt[3] + gt[4] / 2 + gt[5] / 2].map((v) => v.toFixed(10)).join('\n') + '\n');
  await writeFile(files.prj, gdal.SpatialReference.fromEPSG(2154).toWKT());
  const result = { srid: 2154 as const, width, height, geoTransform: gt, truth, tables, files };
  if (options.rasterOnly) return result;
  await writePdf(dir, files.png, files.pdf, width, height);
  // GeoPDF: the GeoTIFF through GDAL's PDF driver (georeferencing in the PDF's own dictionaries).
  await run('gdal_translate', ['-q', '-of', 'PDF', '-co', 'DPI=150', files.geotiff, files.geopdf]);

  // DXF: the tables as closed polylines on layer TABLES, the frame on CADRE. Local drawing
  // units = metres from the plan's top-left corner, y up (CAD-like).
  const local = tables.map(([x0, y0, x1, y1]) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]].map(([x, y]) => [x! * PIXEL_M, -y! * PIXEL_M] as [number, number]));
  const frameRing: [number, number][] = [[0, 0], [width, 0], [width, height], [0, height], [0, 0]].map(([x, y]) => [x! * PIXEL_M, -y! * PIXEL_M]);
  writeDxf(files.dxfLocal, local, frameRing, (p) => p);
  const localToL93 = (p: [number, number]) => truth([p[0] / PIXEL_M, -p[1] / PIXEL_M]);
  writeDxf(files.dxfLambert, local, frameRing, localToL93);
  for (const version of DWG_VERSIONS) await writeDwg(files.dwg[version], version, { CADRE: [frameRing], TABLES: local });
  await writeDwg(files.dwgLambert, 'AC1018', { CADRE: [frameRing.map(localToL93)], TABLES: local.map((ring) => ring.map(localToL93)) });
  await writeFile(files.dwgR12, Buffer.concat([Buffer.from('AC1009'), Buffer.alloc(4000, 0x2a)]));
  const whole = await readFile(files.dwg.AC1018);
  await writeFile(files.dwgCorrupt, whole.subarray(0, Math.floor(whole.length / 2)));

  await writeFile(files.corrupt, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('this is not the rest of a PNG file'.repeat(20))]));
  await writeFile(files.wrongType, 'Meeting notes, not a plan.\n'.repeat(50));
  return result;
}

/**
 * The Lambert-93 DWG of `f` (frame and tables) with `cells` more outlines on a layer GRILLE
 * (a grid of 1 m squares over the frame): a DWG of about 430 KB for 20,000, converted in a
 * background job rather than during its upload (docs/plans.md, *DWG*).
 */
export async function writeLargeDwg(f: PlanFixtures, path: string, cells = 20_000, version: DwgVersion = 'AC1032'): Promise<void> {
  const toL93 = (p: [number, number]) => f.truth([p[0] / PIXEL_M, -p[1] / PIXEL_M]);
  const ring = ([x0, y0]: [number, number], w: number, h: number): [number, number][] =>
    [[x0, y0], [x0 + w, y0], [x0 + w, y0 - h], [x0, y0 - h], [x0, y0]];
  const frame = ring([0, 0], f.width * PIXEL_M, f.height * PIXEL_M);
  const tables = f.tables.map(([x0, y0, x1, y1]) => ring([x0 * PIXEL_M, -y0 * PIXEL_M], (x1 - x0) * PIXEL_M, (y1 - y0) * PIXEL_M));
  const perRow = Math.floor(f.width * PIXEL_M / 1.5);
  const grid = Array.from({ length: cells }, (_, i) => ring([(i % perRow) * 1.5, -Math.floor(i / perRow) * 1.5 % (f.height * PIXEL_M)], 1, 1));
  await writeDwg(path, version, { CADRE: [frame.map(toL93)], TABLES: tables.map((r) => r.map(toL93)), GRILLE: grid.map((r) => r.map(toL93)) });
}

function writeDxf(path: string, tables: [number, number][][], frame: [number, number][], map: (p: [number, number]) => [number, number]) {
  const ds = gdal.open(path, 'w', 'DXF');
  const layer = ds.layers.create('entities', null, gdal.LineString);
  const add = (ring: [number, number][], name: string) => {
    const feature = new gdal.Feature(layer);
    feature.fields.set('Layer', name);
    const line = new gdal.LineString();
    for (const p of ring) line.points.add(...map(p));
    feature.setGeometry(line);
    layer.features.add(feature);
  };
  add(frame, 'CADRE');
  for (const t of tables) add(t, 'TABLES');
  ds.close();
}

/** Two pages at 150 dpi: the plan, then the plan again (GDAL's PDF composition, through gdal_create). */
async function writePdf(dir: string, png: string, pdf: string, width: number, height: number) {
  const w = (width / 150) * 72;
  const h = (height / 150) * 72;
  const page = `<Page><DPI>150</DPI><Width>${w}</Width><Height>${h}</Height>` +
    `<Content><Raster dataset="${png}" x1="0" y1="0" x2="${w}" y2="${h}"/></Content></Page>`;
  const xml = join(dir, 'composition.xml');
  await writeFile(xml, `<PDFComposition>${page}${page}</PDFComposition>`);
  await run('gdal_create', ['-of', 'PDF', '-co', `COMPOSITION_FILE=${xml}`, pdf]);
}
