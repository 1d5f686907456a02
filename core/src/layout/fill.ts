import {
  type Frame, type Point, type PolygonRings, type Ring, centroidOfBounds, localBounds, localRect, ringWithin, roundRing,
} from './frame';

export type Orientation = 'portrait' | 'landscape';

/** What fills a table: the model's size (width is the short side), counts and gaps. */
export interface TableFill {
  /** Module width (short side) and height (long side) in metres, from the model. */
  moduleWidthM: number;
  moduleHeightM: number;
  orientation: Orientation;
  /** Rows and columns; either one left out: as many as fit. */
  rows?: number;
  columns?: number;
  /** Gap between modules along a row, and between rows (in plan), metres. */
  gapM: number;
  rowGapM: number;
  /** Tilt: the footprint of a module up the slope is its length × cos(tilt). */
  tiltDeg?: number;
  /** Height of the lowest edge above the ground, for each module's height. */
  heightM?: number;
}

export interface PlacedModule {
  /** 1-based; row 1 is the front (lowest) row, column 1 the left one seen from the front. */
  row: number;
  column: number;
  center: Point;
  ring: Ring;
  /** Height of the module's lower edge above the ground, metres. */
  heightM: number;
}

export interface TableOutline {
  /** A rectangle: centre, length along the rows, width up the slope (plan), azimuth. */
  rectangle?: { center: Point; lengthM: number; widthM: number };
  /** Or any polygon; modules that do not lie wholly inside are left out. */
  polygon?: PolygonRings;
  azimuthDeg: number;
}

export interface FilledTable {
  /** The table's outline: the rectangle or polygon given. */
  outline: PolygonRings;
  rows: number;
  columns: number;
  modules: PlacedModule[];
  /** Grid cells that did not lie inside the outline (a polygon, or too small a rectangle). */
  dropped: number;
  /** The size the grid needs, metres: along the rows, up the slope (plan). */
  gridLengthM: number;
  gridDepthM: number;
}

/** The footprint of one module in the table's frame: along the row, up the slope (plan). */
export function moduleFootprint(fill: Pick<TableFill, 'moduleWidthM' | 'moduleHeightM' | 'orientation' | 'tiltDeg'>) {
  const cosTilt = Math.cos(((fill.tiltDeg ?? 0) * Math.PI) / 180);
  const [along, slope] =
    fill.orientation === 'portrait' ? [fill.moduleWidthM, fill.moduleHeightM] : [fill.moduleHeightM, fill.moduleWidthM];
  return { along, slope, depth: slope * cosTilt };
}

const EPS = 0.001;
const fit = (room: number, size: number, gap: number) => Math.max(0, Math.floor((room + gap + 1e-9) / (size + gap)));

export function gridSize(fill: TableFill, rows: number, columns: number) {
  const { along, depth } = moduleFootprint(fill);
  return {
    lengthM: columns * along + (columns - 1) * fill.gapM,
    depthM: rows * depth + (rows - 1) * fill.rowGapM,
  };
}

/** The outline's rings in the plant's CRS (a rectangle turned to the azimuth, or the polygon). */
export function outlineRings(outline: TableOutline): PolygonRings {
  if (outline.rectangle) {
    const { center, lengthM, widthM } = outline.rectangle;
    return [roundRing(localRect({ origin: center, azimuthDeg: outline.azimuthDeg }, -lengthM / 2, -widthM / 2, lengthM / 2, widthM / 2))];
  }
  if (outline.polygon && outline.polygon[0]) return outline.polygon;
  throw new Error('a rectangle or a polygon is needed');
}

/**
 * Fills a table with a grid of modules, centred in the outline (in its frame turned to
 * the azimuth). Coordinates are metres in the plant's projected CRS.
 */
export function fillTable(outline: TableOutline, fill: TableFill): FilledTable {
  let polygon: PolygonRings;
  let center: Point;
  if (outline.rectangle) {
    center = outline.rectangle.center;
    const { lengthM, widthM } = outline.rectangle;
    polygon = [localRect({ origin: center, azimuthDeg: outline.azimuthDeg }, -lengthM / 2, -widthM / 2, lengthM / 2, widthM / 2)];
  } else if (outline.polygon && outline.polygon[0]) {
    polygon = outline.polygon;
    center = centroidOfBounds(outline.polygon[0]);
  } else {
    throw new Error('fillTable: a rectangle or a polygon is needed');
  }
  let frame: Frame = { origin: center, azimuthDeg: outline.azimuthDeg };
  const [u0, v0, u1, v1] = localBounds(frame, polygon[0] as Ring);
  // Centre the grid on the outline's extent in the frame.
  frame = { origin: localRect(frame, (u0 + u1) / 2, (v0 + v1) / 2, 0, 0)[0] as Point, azimuthDeg: outline.azimuthDeg };
  const { along, slope, depth } = moduleFootprint(fill);
  const columns = fill.columns ?? fit(u1 - u0, along, fill.gapM);
  const rows = fill.rows ?? fit(v1 - v0, depth, fill.rowGapM);
  const size = gridSize(fill, rows, columns);
  const tilt = ((fill.tiltDeg ?? 0) * Math.PI) / 180;
  const modules: PlacedModule[] = [];
  let dropped = 0;
  for (let r = 0; r < rows; r++) {
    const va = -size.depthM / 2 + r * (depth + fill.rowGapM);
    for (let c = 0; c < columns; c++) {
      const ua = -size.lengthM / 2 + c * (along + fill.gapM);
      const ring = roundRing(localRect(frame, ua, va, ua + along, va + depth));
      // A millimetre of tolerance: a grid exactly as large as its rectangle fits.
      if (!ringWithin(polygon, localRect(frame, ua + EPS, va + EPS, ua + along - EPS, va + depth - EPS))) {
        dropped++;
        continue;
      }
      const centerPoint = roundRing([localRect(frame, ua + along / 2, va + depth / 2, 0, 0)[0] as Point])[0] as Point;
      const heightM = Math.round(((fill.heightM ?? 0) + r * (slope * Math.sin(tilt) + fill.rowGapM)) * 100) / 100;
      modules.push({ row: r + 1, column: c + 1, center: centerPoint, ring, heightM });
    }
  }
  return { outline: polygon.map((ring) => roundRing(ring)), rows, columns, modules, dropped, gridLengthM: size.lengthM, gridDepthM: size.depthM };
}
