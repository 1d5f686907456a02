import { type Element, XMLSerializer } from '@xmldom/xmldom';
import type { Crs } from '../crs';
import { OwsError } from '../ows-error';
import { child, children, localPart, text } from '../xml';
import type { Comparison, Filter, GeometryOperand, SpatialOp } from './filter';

// FES 2.0 (fes:ValueReference) and OGC Filter 1.1 (ogc:PropertyName) share their
// operators' local names: one parser reads both.

const COMPARISONS: Record<string, Comparison> = {
  PropertyIsEqualTo: '=',
  PropertyIsNotEqualTo: '<>',
  PropertyIsLessThan: '<',
  PropertyIsGreaterThan: '>',
  PropertyIsLessThanOrEqualTo: '<=',
  PropertyIsGreaterThanOrEqualTo: '>=',
};
const FLIPPED: Record<Comparison, Comparison> = { '=': '=', '<>': '<>', '<': '>', '>': '<', '<=': '>=', '>=': '<=' };

const SPATIAL: Record<string, SpatialOp> = {
  Intersects: 'intersects',
  Within: 'within',
  Contains: 'contains',
  Disjoint: 'disjoint',
  Touches: 'touches',
  Overlaps: 'overlaps',
  Crosses: 'crosses',
  Equals: 'equals',
};

const PROPERTY = new Set(['ValueReference', 'PropertyName']);
const GEOMETRY = new Set([
  'Point', 'LineString', 'Curve', 'Polygon', 'Surface', 'MultiPoint', 'MultiLineString', 'MultiCurve',
  'MultiPolygon', 'MultiSurface', 'LinearRing', 'Box',
]);

export interface ParseContext {
  /** The CRS of geometries that name none (the query's SRSNAME or the default). */
  defaultCrs: Crs;
  resolveCrs(name: string): Promise<Crs>;
}

const bad = (reason: string): never => {
  throw new OwsError('InvalidParameterValue', 'filter', 'e.ogc_filter_invalid', { reason });
};

/**
 * The most operators a filter may hold (ids of ResourceId lists aside): each becomes SQL
 * with its own parameters, and PostgreSQL takes at most 65,535 parameters a statement.
 */
export const MAX_FILTER_OPERATORS = 5000;

const ID_ELEMENTS = new Set(['ResourceId', 'FeatureId', 'GmlObjectId']);

/** Counts the operator elements of a filter, without recursion, refusing more than the bound. */
function checkSize(root: Element): void {
  let operators = 0;
  const stack = children(root);
  while (stack.length) {
    const e = stack.pop() as Element;
    if (ID_ELEMENTS.has(e.localName ?? '') || PROPERTY.has(e.localName ?? '') || GEOMETRY.has(e.localName ?? '')) continue;
    if (e.localName === 'Literal' || e.localName === 'Envelope' || e.localName === 'LowerBoundary' || e.localName === 'UpperBoundary') continue;
    if (++operators > MAX_FILTER_OPERATORS) {
      throw new OwsError('InvalidParameterValue', 'filter', 'e.ogc_filter_too_large', { max: MAX_FILTER_OPERATORS });
    }
    stack.push(...children(e));
  }
}

/** Parses a fes:Filter / ogc:Filter element. */
export async function parseFilter(root: Element, context: ParseContext): Promise<Filter> {
  if (root.localName !== 'Filter') bad(`the root element is ${root.localName}, not Filter`);
  checkSize(root);
  const ops = children(root);
  const ids = ops.filter((e) => ['ResourceId', 'FeatureId', 'GmlObjectId'].includes(e.localName ?? ''));
  if (ids.length && ids.length === ops.length) {
    return { op: 'ids', ids: ids.map((e) => e.getAttribute('rid') || e.getAttribute('fid') || e.getAttribute('gml:id') || '') };
  }
  if (ops.length !== 1) bad('a filter holds exactly one operator');
  return parseOperator(ops[0] as Element, context);
}

async function parseOperator(e: Element, context: ParseContext): Promise<Filter> {
  const name = e.localName ?? '';
  if (name === 'And' || name === 'Or') {
    const args = await Promise.all(children(e).map((c) => parseOperator(c, context)));
    if (args.length < 2) bad(`${name} needs at least two operands`);
    return { op: name === 'And' ? 'and' : 'or', args };
  }
  if (name === 'Not') {
    const [arg, ...rest] = children(e);
    if (!arg || rest.length) bad('Not takes one operand');
    return { op: 'not', arg: await parseOperator(arg as Element, context) };
  }
  if (COMPARISONS[name]) {
    const [a, b] = children(e);
    if (!a || !b) bad(`${name} takes a property and a literal`);
    const matchCase = e.getAttribute('matchCase') !== 'false';
    if (PROPERTY.has(a?.localName ?? '') && b?.localName === 'Literal') {
      return { op: 'compare', cmp: COMPARISONS[name], property: localPart(text(a)), value: text(b), matchCase };
    }
    if (a?.localName === 'Literal' && PROPERTY.has(b?.localName ?? '')) {
      return { op: 'compare', cmp: FLIPPED[COMPARISONS[name]], property: localPart(text(b)), value: text(a), matchCase };
    }
    return bad(`${name} takes a property and a literal`);
  }
  if (name === 'PropertyIsLike') {
    const property = children(e).find((c) => PROPERTY.has(c.localName ?? ''));
    const literal = child(e, 'Literal');
    if (!property || !literal) bad('PropertyIsLike takes a property and a literal');
    return {
      op: 'like',
      property: localPart(text(property)),
      pattern: text(literal),
      wildCard: e.getAttribute('wildCard') || '*',
      singleChar: e.getAttribute('singleChar') || '?',
      escapeChar: e.getAttribute('escapeChar') || e.getAttribute('escape') || '\\',
      matchCase: e.getAttribute('matchCase') !== 'false',
    };
  }
  if (name === 'PropertyIsNull' || name === 'PropertyIsNil') {
    const property = children(e).find((c) => PROPERTY.has(c.localName ?? ''));
    if (!property) bad(`${name} takes a property`);
    return { op: 'null', property: localPart(text(property)) };
  }
  if (name === 'PropertyIsBetween') {
    const property = children(e).find((c) => PROPERTY.has(c.localName ?? ''));
    const lower = text(child(child(e, 'LowerBoundary') ?? e, 'Literal'));
    const upper = text(child(child(e, 'UpperBoundary') ?? e, 'Literal'));
    if (!property || !child(e, 'LowerBoundary') || !child(e, 'UpperBoundary')) bad('PropertyIsBetween needs LowerBoundary and UpperBoundary');
    return { op: 'between', property: localPart(text(property)), lower, upper };
  }
  if (name === 'BBOX' || SPATIAL[name]) {
    const operand = children(e).find((c) => !PROPERTY.has(c.localName ?? ''));
    if (!operand) bad(`${name} needs a geometry`);
    const geometry = await geometryOperand(operand as Element, context);
    return { op: 'spatial', rel: name === 'BBOX' ? 'intersects' : (SPATIAL[name] as SpatialOp), geometry };
  }
  return bad(`${name} is not a supported operator`);
}

async function crsOf(e: Element, context: ParseContext): Promise<Crs> {
  const name = e.getAttribute('srsName');
  return name ? context.resolveCrs(name) : context.defaultCrs;
}

/** An envelope in the axis order of its CRS, turned into x (longitude or easting) first. */
async function geometryOperand(e: Element, context: ParseContext): Promise<GeometryOperand> {
  if (e.localName === 'Envelope') {
    const crs = await crsOf(e, context);
    const lower = text(child(e, 'lowerCorner')).split(/\s+/).map(Number);
    const upper = text(child(e, 'upperCorner')).split(/\s+/).map(Number);
    if (lower.length !== 2 || upper.length !== 2 || ![...lower, ...upper].every(Number.isFinite)) {
      bad('an Envelope needs a lowerCorner and an upperCorner of two numbers');
    }
    const [a0, a1] = lower as [number, number];
    const [b0, b1] = upper as [number, number];
    const [minx, miny, maxx, maxy] = crs.latFirst ? [a1, a0, b1, b0] : [a0, a1, b0, b1];
    return { kind: 'envelope', minx, miny, maxx, maxy, srid: crs.srid };
  }
  if (!GEOMETRY.has(e.localName ?? '')) return bad(`${e.localName} is not a geometry`);
  return { kind: 'gml', gml: await gmlForPostgis(e, context) };
}

/**
 * A GML geometry as PostGIS's ST_GeomFromGML reads it: every srsName spelt as PostGIS
 * knows (http://www.opengis.net/def/crs/EPSG/0/N → the URN, which keeps the
 * latitude-first meaning; CRS84 → EPSG:4326), and the default CRS named when none is.
 */
export async function gmlForPostgis(e: Element, context: ParseContext): Promise<string> {
  const copy = e.cloneNode(true) as Element;
  if (!copy.getAttribute('srsName')) copy.setAttribute('srsName', context.defaultCrs.name);
  const stack: Element[] = [copy];
  while (stack.length) {
    const node = stack.pop() as Element;
    const srsName = node.getAttribute('srsName');
    if (srsName) {
      const crs = await context.resolveCrs(srsName);
      node.setAttribute('srsName', crs.latFirst ? `urn:ogc:def:crs:EPSG::${crs.srid}` : `EPSG:${crs.srid}`);
    }
    stack.push(...children(node));
  }
  return new XMLSerializer().serializeToString(copy);
}

/** A KVP BBOX: minx,miny,maxx,maxy[,crs], axis order of that CRS (default: the query's). */
export async function parseKvpBbox(value: string, context: ParseContext): Promise<GeometryOperand> {
  const parts = value.split(',');
  const numbers = parts.slice(0, 4).map((p) => Number(p.trim()));
  if (parts.length < 4 || parts.length > 5 || !numbers.every(Number.isFinite)) {
    throw new OwsError('InvalidParameterValue', 'bbox', 'e.ogc_bbox_invalid', { value });
  }
  const crs = parts[4] ? await context.resolveCrs(parts[4]) : context.defaultCrs;
  const [a0, a1, b0, b1] = numbers as [number, number, number, number];
  const [minx, miny, maxx, maxy] = crs.latFirst ? [a1, a0, b1, b0] : [a0, a1, b0, b1];
  if (minx > maxx || miny > maxy) throw new OwsError('InvalidParameterValue', 'bbox', 'e.ogc_bbox_invalid', { value });
  return { kind: 'envelope', minx, miny, maxx, maxy, srid: crs.srid };
}

