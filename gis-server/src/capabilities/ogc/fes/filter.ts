// A filter as Calepin understands it, whatever its encoding (FES 2.0, OGC Filter 1.1,
// OGC API property filters): parsed into this tree, then compiled to SQL in one place.

export type Comparison = '=' | '<>' | '<' | '>' | '<=' | '>=';

/** A geometry operand: an envelope (already in lon/lat or easting/northing order) or a GML fragment for PostGIS. */
export type GeometryOperand =
  | { kind: 'envelope'; minx: number; miny: number; maxx: number; maxy: number; srid: number }
  | { kind: 'gml'; gml: string };

export type SpatialOp = 'intersects' | 'within' | 'contains' | 'disjoint' | 'touches' | 'overlaps' | 'crosses' | 'equals';

export type Filter =
  | { op: 'and' | 'or'; args: Filter[] }
  | { op: 'not'; arg: Filter }
  | { op: 'compare'; cmp: Comparison; property: string; value: string; matchCase: boolean }
  | { op: 'like'; property: string; pattern: string; wildCard: string; singleChar: string; escapeChar: string; matchCase: boolean }
  | { op: 'null'; property: string }
  | { op: 'between'; property: string; lower: string; upper: string }
  | { op: 'spatial'; rel: SpatialOp; geometry: GeometryOperand }
  | { op: 'ids'; ids: string[] };

export const and = (filters: (Filter | undefined)[]): Filter | undefined => {
  const args = filters.filter((f): f is Filter => f !== undefined);
  if (args.length <= 1) return args[0];
  return { op: 'and', args };
};
