import type { Locale } from '@calepin/core';
import { LAYERS } from '../../../layers/catalog';
import { urn } from '../crs';
import { type Extent, NS, PREFIX, title } from '../layers';
import { esc } from '../xml';
import type { Version } from './request';

export interface CapabilitiesInput {
  version: Version;
  url: string;
  lang: Locale;
  extents: Map<string, Extent | null>;
  otherSrids: number[];
  /** Whether the caller may edit: Transaction is then declared, which turns editing on in QGIS. */
  editable: boolean;
  countDefault: number;
}

/** The output formats of GetFeature, per version (GML first: the default). */
export const OUTPUT_FORMATS: Record<Version, string[]> = {
  '2.0.0': ['application/gml+xml; version=3.2', 'text/xml; subtype=gml/3.2', 'application/json', 'application/geo+json'],
  '1.1.0': ['text/xml; subtype=gml/3.1.1', 'application/json', 'application/geo+json'],
};

const WORLD: Extent = [-180, -85, 180, 85];
const COMPARISONS = ['EqualTo', 'NotEqualTo', 'LessThan', 'GreaterThan', 'LessThanOrEqualTo', 'GreaterThanOrEqualTo', 'Like', 'Null', 'Between'];
const SPATIAL = ['BBOX', 'Intersects', 'Within', 'Contains', 'Disjoint', 'Touches', 'Overlaps', 'Crosses', 'Equals'];

const dcp = (url: string, ows: string) =>
  `<${ows}:DCP><${ows}:HTTP><${ows}:Get xlink:href="${esc(url)}?"/><${ows}:Post xlink:href="${esc(url)}"/></${ows}:HTTP></${ows}:DCP>`;

const operation = (name: string, url: string, extra = '') =>
  `<ows:Operation name="${name}">${dcp(url, 'ows')}${extra}</ows:Operation>`;

const parameter = (name: string, values: string[]) =>
  `<ows:Parameter name="${name}"><ows:AllowedValues>${values.map((v) => `<ows:Value>${esc(v)}</ows:Value>`).join('')}</ows:AllowedValues></ows:Parameter>`;

const countDefault = (value: number) =>
  `<ows:Constraint name="CountDefault"><ows:NoValues/><ows:DefaultValue>${value}</ows:DefaultValue></ows:Constraint>`;

const constraint = (name: string, value: string) =>
  `<ows:Constraint name="${name}"><ows:NoValues/><ows:DefaultValue>${value}</ows:DefaultValue></ows:Constraint>`;

function identification(input: CapabilitiesInput): string {
  const v = input.version;
  const abstract =
    input.lang === 'fr'
      ? 'Centrales photovoltaïques, leur calepinage (tables, modules, chaînes, onduleurs, boîtes de jonction, câbles), les défauts et les points photo.'
      : 'Photovoltaic plants, their layout (tables, modules, strings, inverters, junction boxes, cables), defects and photo points.';
  return (
    `<ows:ServiceIdentification><ows:Title>Calepin WFS</ows:Title><ows:Abstract>${esc(abstract)}</ows:Abstract>` +
    `<ows:ServiceType>WFS</ows:ServiceType>` +
    (v === '2.0.0' ? '<ows:ServiceTypeVersion>2.0.0</ows:ServiceTypeVersion><ows:ServiceTypeVersion>1.1.0</ows:ServiceTypeVersion>' : '<ows:ServiceTypeVersion>1.1.0</ows:ServiceTypeVersion>') +
    `<ows:Fees>NONE</ows:Fees><ows:AccessConstraints>NONE</ows:AccessConstraints></ows:ServiceIdentification>` +
    `<ows:ServiceProvider><ows:ProviderName>Calepin</ows:ProviderName></ows:ServiceProvider>`
  );
}

/**
 * The operations of one feature type. QGIS turns its edit tools on per layer from these
 * (WFS 1.0 and 1.1 place them here; QGIS reads them in 2.0 too), so read-only layers
 * (plants, strings, defects, photos) and callers who may not edit get Query alone.
 */
const operations = (editable: boolean) =>
  `<wfs:Operations>${['Query', ...(editable ? ['Insert', 'Update', 'Delete'] : [])].map((o) => `<wfs:Operation>${o}</wfs:Operation>`).join('')}</wfs:Operations>`;

function featureTypes(input: CapabilitiesInput): string {
  const v2 = input.version === '2.0.0';
  const formats = OUTPUT_FORMATS[input.version];
  return LAYERS.map((layer) => {
    const [w, s, e, n] = input.extents.get(layer.name) ?? WORLD;
    const other = input.otherSrids.map((srid) => (v2 ? `<wfs:OtherCRS>${urn(srid)}</wfs:OtherCRS>` : `<wfs:OtherSRS>${urn(srid)}</wfs:OtherSRS>`)).join('');
    return (
      `<wfs:FeatureType><wfs:Name>${PREFIX}:${layer.name}</wfs:Name><wfs:Title>${esc(title(layer, input.lang))}</wfs:Title>` +
      (v2 ? `<wfs:DefaultCRS>${urn(4326)}</wfs:DefaultCRS>` : `<wfs:DefaultSRS>${urn(4326)}</wfs:DefaultSRS>`) +
      other +
      operations(layer.editable !== undefined && input.editable) +
      `<wfs:OutputFormats>${formats.map((f) => `<wfs:Format>${esc(f)}</wfs:Format>`).join('')}</wfs:OutputFormats>` +
      `<ows:WGS84BoundingBox><ows:LowerCorner>${w} ${s}</ows:LowerCorner><ows:UpperCorner>${e} ${n}</ows:UpperCorner></ows:WGS84BoundingBox>` +
      `</wfs:FeatureType>`
    );
  }).join('');
}

function capabilities20(input: CapabilitiesInput): string {
  const { url } = input;
  const formats = OUTPUT_FORMATS['2.0.0'];
  const ops =
    operation('GetCapabilities', url, parameter('AcceptVersions', ['2.0.0', '1.1.0'])) +
    operation('DescribeFeatureType', url, parameter('outputFormat', ['application/gml+xml; version=3.2'])) +
    // GDAL takes its page size from a CountDefault inside GetFeature (QGIS from either place).
    operation('GetFeature', url, parameter('outputFormat', formats) + parameter('resultType', ['results', 'hits']) + countDefault(input.countDefault)) +
    constraint('ImplementsBasicWFS', 'TRUE') +
    constraint('ImplementsTransactionalWFS', input.editable ? 'TRUE' : 'FALSE') +
    constraint('ImplementsLockingWFS', 'FALSE') +
    constraint('KVPEncoding', 'TRUE') +
    constraint('XMLEncoding', 'TRUE') +
    constraint('SOAPEncoding', 'FALSE') +
    constraint('ImplementsInheritance', 'FALSE') +
    constraint('ImplementsRemoteResolve', 'FALSE') +
    constraint('ImplementsResultPaging', 'TRUE') +
    constraint('ImplementsStandardJoins', 'FALSE') +
    constraint('ImplementsSpatialJoins', 'FALSE') +
    constraint('ImplementsTemporalJoins', 'FALSE') +
    constraint('ImplementsFeatureVersioning', 'FALSE') +
    constraint('ManageStoredQueries', 'FALSE') +
    constraint('PagingIsTransactionSafe', 'FALSE') +
    countDefault(input.countDefault) +
    `<ows:Constraint name="QueryExpressions"><ows:AllowedValues><ows:Value>wfs:Query</ows:Value></ows:AllowedValues></ows:Constraint>`;
  const conformance = [
    ['ImplementsQuery', 'TRUE'], ['ImplementsAdHocQuery', 'TRUE'], ['ImplementsFunctions', 'FALSE'],
    ['ImplementsResourceId', 'TRUE'], ['ImplementsMinStandardFilter', 'TRUE'], ['ImplementsStandardFilter', 'TRUE'],
    ['ImplementsMinSpatialFilter', 'TRUE'], ['ImplementsSpatialFilter', 'TRUE'], ['ImplementsMinTemporalFilter', 'FALSE'],
    ['ImplementsTemporalFilter', 'FALSE'], ['ImplementsVersionNav', 'FALSE'], ['ImplementsSorting', 'FALSE'],
    ['ImplementsExtendedOperators', 'FALSE'], ['ImplementsMinimumXPath', 'FALSE'], ['ImplementsSchemaElementFunc', 'FALSE'],
  ]
    .map(([n, v]) => `<fes:Constraint name="${n}"><ows:NoValues/><ows:DefaultValue>${v}</ows:DefaultValue></fes:Constraint>`)
    .join('');
  const filter =
    `<fes:Filter_Capabilities><fes:Conformance>${conformance}</fes:Conformance>` +
    `<fes:Id_Capabilities><fes:ResourceIdentifier name="fes:ResourceId"/></fes:Id_Capabilities>` +
    `<fes:Scalar_Capabilities><fes:LogicalOperators/><fes:ComparisonOperators>` +
    COMPARISONS.map((c) => `<fes:ComparisonOperator name="PropertyIs${c}"/>`).join('') +
    `</fes:ComparisonOperators></fes:Scalar_Capabilities>` +
    `<fes:Spatial_Capabilities><fes:GeometryOperands>` +
    ['gml:Envelope', 'gml:Point', 'gml:LineString', 'gml:Polygon', 'gml:MultiPoint', 'gml:MultiCurve', 'gml:MultiSurface']
      .map((g) => `<fes:GeometryOperand name="${g}"/>`)
      .join('') +
    `</fes:GeometryOperands><fes:SpatialOperators>${SPATIAL.map((s) => `<fes:SpatialOperator name="${s}"/>`).join('')}</fes:SpatialOperators></fes:Spatial_Capabilities>` +
    `</fes:Filter_Capabilities>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<wfs:WFS_Capabilities version="2.0.0" xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:ows="http://www.opengis.net/ows/1.1" ` +
    `xmlns:fes="http://www.opengis.net/fes/2.0" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:xlink="http://www.w3.org/1999/xlink" ` +
    `xmlns:${PREFIX}="${NS}">` +
    identification(input) +
    `<ows:OperationsMetadata>${ops}</ows:OperationsMetadata>` +
    (input.editable ? GDAL_TRANSACTION_HINT : '') +
    `<wfs:FeatureTypeList>${featureTypes(input)}</wfs:FeatureTypeList>` +
    filter +
    `</wfs:WFS_Capabilities>`
  );
}

/**
 * WFS 2.0 has one place to declare transactions, the Transaction operation, and QGIS reads
 * it as "every feature type is editable": it would offer its edit tools on plants, strings
 * and defects. So 2.0 capabilities declare no Transaction operation and list Insert,
 * Update and Delete on each editable feature type (QGIS reads those per layer). GDAL,
 * which only edits after a declared Transaction, also accepts the WFS 1.0 form
 * `Capability/Request/Transaction` (it compares names without prefixes): this element,
 * in Calepin's own namespace, says it to GDAL alone. Schema validators object to it;
 * QGIS, GDAL and OWSLib ignore what they do not read.
 */
const GDAL_TRANSACTION_HINT = `<${PREFIX}:Capability><${PREFIX}:Request><${PREFIX}:Transaction/></${PREFIX}:Request></${PREFIX}:Capability>`;

function capabilities11(input: CapabilitiesInput): string {
  const { url } = input;
  const ops =
    operation('GetCapabilities', url, parameter('AcceptVersions', ['1.1.0', '2.0.0'])) +
    operation('DescribeFeatureType', url, parameter('outputFormat', ['text/xml; subtype=gml/3.1.1'])) +
    operation('GetFeature', url, parameter('outputFormat', OUTPUT_FORMATS['1.1.0']) + parameter('resultType', ['results', 'hits'])) +
    (input.editable ? operation('Transaction', url, parameter('inputFormat', ['text/xml; subtype=gml/3.1.1'])) : '');
  const filter =
    `<ogc:Filter_Capabilities><ogc:Spatial_Capabilities><ogc:GeometryOperands>` +
    ['gml:Envelope', 'gml:Point', 'gml:LineString', 'gml:Polygon'].map((g) => `<ogc:GeometryOperand>${g}</ogc:GeometryOperand>`).join('') +
    `</ogc:GeometryOperands><ogc:SpatialOperators>${SPATIAL.map((s) => `<ogc:SpatialOperator name="${s}"/>`).join('')}</ogc:SpatialOperators></ogc:Spatial_Capabilities>` +
    `<ogc:Scalar_Capabilities><ogc:LogicalOperators/><ogc:ComparisonOperators>` +
    ['LessThan', 'GreaterThan', 'LessThanEqualTo', 'GreaterThanEqualTo', 'EqualTo', 'NotEqualTo', 'Like', 'Between', 'NullCheck']
      .map((c) => `<ogc:ComparisonOperator>${c}</ogc:ComparisonOperator>`)
      .join('') +
    `</ogc:ComparisonOperators></ogc:Scalar_Capabilities><ogc:Id_Capabilities><ogc:EID/><ogc:FID/></ogc:Id_Capabilities></ogc:Filter_Capabilities>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<wfs:WFS_Capabilities version="1.1.0" xmlns:wfs="http://www.opengis.net/wfs" xmlns:ows="http://www.opengis.net/ows" ` +
    `xmlns:ogc="http://www.opengis.net/ogc" xmlns:gml="http://www.opengis.net/gml" xmlns:xlink="http://www.w3.org/1999/xlink" ` +
    `xmlns:${PREFIX}="${NS}">` +
    identification(input) +
    `<ows:OperationsMetadata>${ops}</ows:OperationsMetadata>` +
    `<wfs:FeatureTypeList>${featureTypes(input)}</wfs:FeatureTypeList>` +
    filter +
    `</wfs:WFS_Capabilities>`
  );
}

export const capabilitiesXml = (input: CapabilitiesInput) =>
  input.version === '2.0.0' ? capabilities20(input) : capabilities11(input);
