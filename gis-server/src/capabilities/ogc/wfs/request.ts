import type { Element } from '@xmldom/xmldom';
import { OwsError } from '../ows-error';
import { child, children, localPart, parseXml, text } from '../xml';

export type Version = '2.0.0' | '1.1.0';
/** Transactions are also read in WFS 1.0.0, which QGIS 3.22 writes even to a 2.0 server. */
export type TransactionVersion = Version | '1.0.0';

export interface GetFeatureRequest {
  request: 'GetFeature';
  version: Version;
  typeNames: string[];
  propertyNames?: string[];
  filter?: Element;
  bbox?: string;
  resourceIds?: string[];
  startIndex: number;
  count: number | null;
  hits: boolean;
  outputFormat?: string;
  srsName?: string;
}

export type WfsRequest =
  | { request: 'GetCapabilities'; version: Version }
  | { request: 'DescribeFeatureType'; version: Version; typeNames: string[]; outputFormat?: string }
  | GetFeatureRequest
  | { request: 'Transaction'; version: TransactionVersion; document: Element };

/** The largest COUNT accepted: a whole 1 GWp plant's modules, streamed. */
export const MAX_COUNT = 2_000_000;

const missing = (name: string) => new OwsError('MissingParameterValue', name, 'e.ogc_missing_parameter', { name });
const invalid = (name: string, value: string) =>
  new OwsError('InvalidParameterValue', name, 'e.ogc_invalid_parameter', { name, value });

/** The version a request speaks: 2.0.0 unless it says 1.1.0. */
export function negotiateVersion(requested: string | undefined, accept: string | undefined): Version {
  if (accept) {
    const versions = accept.split(',').map((v) => v.trim());
    const found = versions.find((v) => v === '2.0.0' || v === '2.0' || v === '1.1.0' || v === '1.1');
    if (!found) throw new OwsError('VersionNegotiationFailed', 'acceptversions', 'e.ogc_version', { version: accept });
    return found.startsWith('2') ? '2.0.0' : '1.1.0';
  }
  if (!requested) return '2.0.0';
  if (requested === '2.0.0' || requested === '2.0') return '2.0.0';
  if (requested === '1.1.0' || requested === '1.1') return '1.1.0';
  throw new OwsError('InvalidParameterValue', 'version', 'e.ogc_version', { version: requested });
}

/** A best guess of the version of a request, for error reports written before it is parsed. */
export function guessVersion(kvp: Record<string, string>, body?: string): Version {
  const v = kvp.version ?? kvp.acceptversions ?? /\bversion="([\d.]+)"/.exec(body ?? '')?.[1] ?? '';
  return v.startsWith('1.') ? '1.1.0' : '2.0.0';
}

const list = (value: string | undefined) =>
  value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter(Boolean);

function integer(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^[-+]?\d+$/.test(value.trim())) throw invalid(name, value);
  const n = Number(value);
  if (n < min || n > max) throw invalid(name, value);
  return n;
}

/** Parses a KVP (GET) request; keys are matched without case. */
export function parseKvp(query: Record<string, string>): WfsRequest {
  const request = query.request;
  if (!request) throw missing('request');
  if (query.service && query.service.toUpperCase() !== 'WFS') throw invalid('service', query.service);
  switch (request.toLowerCase()) {
    case 'getcapabilities':
      return { request: 'GetCapabilities', version: negotiateVersion(query.version, query.acceptversions) };
    case 'describefeaturetype': {
      const version = negotiateVersion(query.version, undefined);
      return {
        request: 'DescribeFeatureType',
        version,
        typeNames: list(query.typenames ?? query.typename) ?? [],
        outputFormat: query.outputformat,
      };
    }
    case 'getfeature': {
      const version = negotiateVersion(query.version, undefined);
      const resourceIds = list(query.resourceid ?? query.featureid);
      let typeNames = list(query.typenames ?? query.typename) ?? [];
      if (!typeNames.length && resourceIds?.length) typeNames = [...new Set(resourceIds.map((id) => id.split('.')[0] ?? ''))];
      if (!typeNames.length) throw missing(version === '2.0.0' ? 'typeNames' : 'typeName');
      let filter: Element | undefined;
      if (query.filter) filter = parseXml(query.filter, 'filter');
      return {
        request: 'GetFeature',
        version,
        typeNames,
        propertyNames: list(query.propertyname),
        filter,
        bbox: query.bbox,
        resourceIds,
        startIndex: integer('startIndex', query.startindex, 0, Number.MAX_SAFE_INTEGER) ?? 0,
        count: integer('count', query.count ?? query.maxfeatures, 0, MAX_COUNT) ?? null,
        hits: resultType(query.resulttype),
        outputFormat: query.outputformat,
        srsName: query.srsname,
      };
    }
    case 'transaction':
      throw new OwsError('OperationNotSupported', 'request', 'e.ogc_operation_unknown', { name: 'Transaction (KVP: POST it as XML)' });
    default:
      throw new OwsError('OperationNotSupported', 'request', 'e.ogc_operation_unknown', { name: request });
  }
}

function resultType(value: string | undefined | null): boolean {
  if (!value || value.toLowerCase() === 'results') return false;
  if (value.toLowerCase() === 'hits') return true;
  throw invalid('resultType', value);
}

/** Parses an XML (POST) request. */
export function parseXmlRequest(body: string): WfsRequest {
  const root = parseXml(body, 'request');
  const attr = (name: string) => root.getAttribute(name) || undefined;
  switch (root.localName) {
    case 'GetCapabilities': {
      const accept = child(root, 'AcceptVersions');
      const versions = accept ? children(accept).map(text).join(',') : undefined;
      return { request: 'GetCapabilities', version: negotiateVersion(attr('version'), versions) };
    }
    case 'DescribeFeatureType':
      return {
        request: 'DescribeFeatureType',
        version: negotiateVersion(attr('version'), undefined),
        typeNames: children(root).filter((c) => c.localName === 'TypeName').map(text),
        outputFormat: attr('outputFormat'),
      };
    case 'GetFeature': {
      const version = negotiateVersion(attr('version'), undefined);
      const queries = children(root).filter((c) => c.localName === 'Query');
      if (queries.length !== 1) throw new OwsError('InvalidParameterValue', 'Query', 'e.ogc_one_type');
      const query = queries[0] as Element;
      const typeNames = list(query.getAttribute('typeNames') || query.getAttribute('typeName') || undefined) ?? [];
      if (!typeNames.length) throw missing('typeNames');
      const names = children(query).filter((c) => c.localName === 'PropertyName' || c.localName === 'ValueReference');
      return {
        request: 'GetFeature',
        version,
        typeNames,
        propertyNames: names.length ? names.map((n) => localPart(text(n))) : undefined,
        filter: child(query, 'Filter'),
        startIndex: integer('startIndex', attr('startIndex'), 0, Number.MAX_SAFE_INTEGER) ?? 0,
        count: integer('count', attr('count') ?? attr('maxFeatures'), 0, MAX_COUNT) ?? null,
        hits: resultType(attr('resultType')),
        outputFormat: attr('outputFormat'),
        srsName: query.getAttribute('srsName') || undefined,
      };
    }
    case 'Transaction': {
      const version = attr('version');
      // Without a version, the namespace tells: WFS 2.0 has its own.
      const fallback = root.namespaceURI === 'http://www.opengis.net/wfs/2.0' ? '2.0.0' : '1.1.0';
      return {
        request: 'Transaction',
        version: version === '1.0.0' || version === '1.0' ? '1.0.0' : negotiateVersion(version ?? fallback, undefined),
        document: root,
      };
    }
    default:
      throw new OwsError('OperationNotSupported', 'request', 'e.ogc_operation_unknown', { name: root.localName ?? '' });
  }
}
