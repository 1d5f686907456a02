import type { Locale } from '@calepin/core';
import type { Db } from '../../../db';
import type { Property } from '../../../layers/columns';
import { type Crs, DEFAULT_CRS, resolveCrs } from '../crs';
import { OwsError } from '../ows-error';
import { type Filter, and } from '../fes/filter';
import { parseFilter, parseKvpBbox } from '../fes/parse';
import type { OgcCache } from '../cache';
import { matchedCount, pageStart, rememberPageEnd, selectionStamp } from '../paging';
import { type FeatureQuery, type Selection, geojsonRowsSql, gmlRowsSql, render, selection, snapshot } from '../query';
import { NS, PREFIX, layerOf, ogcProperties } from '../layers';
import { esc, localPart } from '../xml';
import { OUTPUT_FORMATS } from './capabilities';
import { GML_NS } from './describe';
import type { GetFeatureRequest, Version } from './request';

export interface GetFeatureResult {
  contentType: string;
  body: string | NodeJS.ReadableStream;
}

type Format = 'gml' | 'geojson';

function formatOf(request: GetFeatureRequest): Format {
  const f = request.outputFormat?.trim().toLowerCase();
  if (!f) return 'gml';
  if (f.includes('json')) return 'geojson';
  if (f.includes('gml') || f === 'text/xml' || f === 'application/xml') return 'gml';
  throw new OwsError('InvalidParameterValue', 'outputFormat', 'e.ogc_format', {
    format: request.outputFormat ?? '',
    supported: OUTPUT_FORMATS[request.version].join(', '),
  });
}

function selectedProperties(request: GetFeatureRequest, properties: readonly Property[], layer: string): Property[] {
  if (!request.propertyNames) return [...properties];
  const names = new Set(request.propertyNames.map(localPart).filter((n) => n !== 'geom'));
  for (const name of names) {
    if (!properties.some((p) => p.name === name)) {
      throw new OwsError('InvalidParameterValue', 'propertyName', 'e.ogc_property_unknown', { name, layer });
    }
  }
  return properties.filter((p) => names.has(p.name));
}

/** A GetFeature request checked and turned into a query of one layer. */
export async function featureQuery(
  db: Db,
  request: GetFeatureRequest,
  scope: string | null,
  countDefault: number,
): Promise<{ query: FeatureQuery; format: Format }> {
  if (request.typeNames.length !== 1) throw new OwsError('InvalidParameterValue', 'typeNames', 'e.ogc_one_type');
  const layer = layerOf(request.typeNames[0] as string);
  const properties = await ogcProperties(db, layer);
  const format = formatOf(request);
  const requested = request.srsName ? await resolveCrs(db, request.srsName, 'srsName') : null;
  const context = { defaultCrs: requested ?? DEFAULT_CRS, resolveCrs: (name: string) => resolveCrs(db, name, 'filter') };
  const filters: (Filter | undefined)[] = [];
  if (request.filter) filters.push(await parseFilter(request.filter, context));
  if (request.bbox) filters.push({ op: 'spatial', rel: 'intersects', geometry: await parseKvpBbox(request.bbox, context) });
  if (request.resourceIds) filters.push({ op: 'ids', ids: request.resourceIds });
  // GeoJSON is x, y (longitude first) whatever the CRS spelling; GML follows the spelling.
  let crs: Crs = requested ?? DEFAULT_CRS;
  if (format === 'geojson') crs = { ...crs, latFirst: false };
  const limit = request.count ?? (request.version === '2.0.0' ? countDefault : null);
  return {
    format,
    query: {
      layer,
      properties,
      selected: selectedProperties(request, properties, layer.name),
      scope,
      filter: and(filters),
      offset: request.startIndex,
      limit,
      crs,
    },
  };
}

const GEOMETRY_ELEMENT = /<gml:(Point|LineString|Curve|Polygon|Surface|MultiPoint|MultiCurve|MultiLineString|MultiSurface|MultiPolygon)(?=[ >])/g;

/** PostGIS GML with the srsName on its root and, in GML 3.2, a gml:id on every geometry. */
function geometryXml(gml: string, srsName: string, fid: string, v2: boolean): string {
  let n = 0;
  return gml.replace(GEOMETRY_ELEMENT, (whole) => {
    const id = v2 ? ` gml:id="${fid}.g${n === 0 ? '' : n}"` : '';
    const srs = n === 0 ? ` srsName="${esc(srsName)}"` : '';
    n++;
    return `${whole}${srs}${id}`;
  });
}

/** The FeatureCollection start tag; a 1.1.0 collection read whole says no count (it is optional there). */
function collectionStart(version: Version, matched: number | null, returned: number | null, timeStamp: string): string {
  if (version === '2.0.0') {
    return (
      `<?xml version="1.0" encoding="UTF-8"?>\n<wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs/2.0" ` +
      `xmlns:gml="${GML_NS['2.0.0']}" xmlns:${PREFIX}="${NS}" timeStamp="${timeStamp}" numberMatched="${matched}" numberReturned="${returned}">`
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs" ` +
    `xmlns:gml="${GML_NS['1.1.0']}" xmlns:${PREFIX}="${NS}" timeStamp="${timeStamp}"${returned === null ? '' : ` numberOfFeatures="${returned}"`}>`
  );
}

const returnedOf = (matched: number, offset: number, limit: number | null) =>
  Math.max(0, Math.min(limit ?? Number.MAX_SAFE_INTEGER, matched - offset));

export async function getFeature(
  db: Db,
  cache: OgcCache,
  request: GetFeatureRequest,
  scope: string | null,
  options: { countDefault: number; lang: Locale },
): Promise<GetFeatureResult> {
  const { query, format } = await featureQuery(db, request, scope, options.countDefault);
  const { version } = request;
  const v2 = version === '2.0.0';
  const timeStamp = new Date().toISOString();
  const sel = await selection(db, query);
  const stamp = selectionStamp(cache, sel);

  if (request.hits) {
    const matched = await matchedCount(db, cache, sel, stamp);
    if (format === 'geojson') {
      return { contentType: 'application/json', body: JSON.stringify({ type: 'FeatureCollection', numberMatched: matched, numberReturned: 0, timeStamp, features: [] }) };
    }
    const start = collectionStart(version, matched, 0, timeStamp);
    const body = v2 ? start : start.replace(/numberOfFeatures="0"/, `numberOfFeatures="${matched}"`);
    return { contentType: gmlType(version), body: `${body}</wfs:FeatureCollection>` };
  }

  // STARTINDEX is served by keyset: the page starts after the id the previous one ended with.
  const { offset } = query;
  const keyset: Selection = { ...sel, query: { ...query, offset: 0 } };
  const rowsSql = format === 'geojson' ? geojsonRowsSql : (s: Selection, after: string | null) => gmlRowsSql(s, PREFIX, after);
  // A 1.1.0 read of everything needs no count: the selection would be read twice (a BBOX
  // over 25,000 modules: 0.5 s more), for an optional attribute nobody pages with.
  const counted = v2 || query.limit !== null || offset > 0;
  const { matched, rows } = await snapshot(db, async (client) => {
    if (!counted) return { matched: null, rows: rowsSql(keyset, null) };
    const matched = await matchedCount(client, cache, sel, stamp);
    const after = offset < matched ? await pageStart(client, cache, sel, offset) : undefined;
    return { matched, rows: after === undefined ? null : rowsSql(keyset, after) };
  });
  const returned = matched === null ? null : returnedOf(matched, offset, query.limit);
  const footer = (end: string) => (count: number, last: { id: string } | undefined) => {
    if (last && count === query.limit) rememberPageEnd(cache, sel, stamp, offset + count, last.id);
    return end;
  };

  if (format === 'geojson') {
    const crsMember =
      query.crs.srid === 4326 ? '' : `"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::${query.crs.srid}"}},`;
    const counts = matched === null ? '' : `"numberMatched":${matched},"numberReturned":${returned},`;
    const header = `{"type":"FeatureCollection",${counts}"timeStamp":"${timeStamp}",${crsMember}"features":[`;
    return {
      contentType: 'application/json',
      body: render<{ id: string; f: string }>(header, rows, (row, i) => (i ? ',' : '') + row.f, footer(']}')),
    };
  }

  const name = `${PREFIX}:${query.layer.name}`;
  const member = v2 ? 'wfs:member' : 'gml:featureMember';
  const srsName = query.crs.name;
  return {
    contentType: gmlType(version),
    body: render<{ id: string; fid: number; g: string | null; a: string | null }>(
      collectionStart(version, matched, returned, timeStamp),
      rows,
      (row) => {
        const fid = `${query.layer.name}.${row.fid}`;
        const geom = row.g ? `<${PREFIX}:geom>${geometryXml(row.g, srsName, fid, v2)}</${PREFIX}:geom>` : '';
        return `<${member}><${name} gml:id="${fid}">${geom}${row.a ?? ''}</${name}></${member}>`;
      },
      footer('</wfs:FeatureCollection>'),
    ),
  };
}

export const gmlType = (version: Version) =>
  version === '2.0.0' ? 'application/gml+xml; version=3.2' : 'text/xml; subtype=gml/3.1.1';
