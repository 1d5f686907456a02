import type { LayerDef } from '../../../layers/catalog';
import type { Property, PropertyKind } from '../../../layers/columns';
import { NS, PREFIX } from '../layers';
import type { Version } from './request';

const XSD_TYPE: Record<PropertyKind, string> = {
  uuid: 'xsd:string',
  string: 'xsd:string',
  json: 'xsd:string',
  integer: 'xsd:int',
  long: 'xsd:long',
  double: 'xsd:double',
  boolean: 'xsd:boolean',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
};

// The GML 3.1 property types, in both versions: GDAL and QGIS read them as the simple
// types (Polygon, LineString, MultiPolygon), where gml:SurfacePropertyType and its kin
// read as curve types (CurvePolygon, MultiSurface) that simple-feature clients stumble on.
const GEOMETRY_TYPE: Record<LayerDef['geometry'], string> = {
  Point: 'gml:PointPropertyType',
  LineString: 'gml:LineStringPropertyType',
  Polygon: 'gml:PolygonPropertyType',
  MultiPolygon: 'gml:MultiPolygonPropertyType',
};

export const GML_NS: Record<Version, string> = {
  '2.0.0': 'http://www.opengis.net/gml/3.2',
  '1.1.0': 'http://www.opengis.net/gml',
};

/** The flat XSD of some layers: simple types and one GML geometry property named geom. */
export function describeXsd(version: Version, layers: { layer: LayerDef; properties: readonly Property[] }[]): string {
  const gml = GML_NS[version];
  const location =
    version === '2.0.0' ? 'http://schemas.opengis.net/gml/3.2.1/gml.xsd' : 'http://schemas.opengis.net/gml/3.1.1/base/gml.xsd';
  const substitution = version === '2.0.0' ? 'gml:AbstractFeature' : 'gml:_Feature';
  const types = layers
    .map(({ layer, properties }) => {
      const elements = [
        `<xsd:element name="geom" type="${GEOMETRY_TYPE[layer.geometry]}" minOccurs="0" maxOccurs="1" nillable="true"/>`,
        ...properties.map((p) => `<xsd:element name="${p.name}" type="${XSD_TYPE[p.kind]}" minOccurs="0" maxOccurs="1" nillable="true"/>`),
      ];
      return (
        `<xsd:complexType name="${layer.name}Type"><xsd:complexContent><xsd:extension base="gml:AbstractFeatureType">` +
        `<xsd:sequence>${elements.join('')}</xsd:sequence></xsd:extension></xsd:complexContent></xsd:complexType>` +
        `<xsd:element name="${layer.name}" type="${PREFIX}:${layer.name}Type" substitutionGroup="${substitution}"/>`
      );
    })
    .join('\n');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:gml="${gml}" xmlns:${PREFIX}="${NS}" ` +
    `targetNamespace="${NS}" elementFormDefault="qualified" version="1.0">\n` +
    `<xsd:import namespace="${gml}" schemaLocation="${location}"/>\n${types}\n</xsd:schema>`
  );
}
