import { type Property, column } from './columns';

/**
 * The SQL expression of one feature as GeoJSON text, built inside PostGIS so the server
 * joins texts instead of parsing and re-serialising features. `geometry` is an SQL
 * expression of the geometry's GeoJSON text over the source row `s` (reprojected, axes
 * swapped, as the caller needs). Texts are concatenated and the properties are the
 * row_to_json of a record: about a quarter faster than json_build_object over
 * st_asgeojson(…)::json, which parses every geometry back (100,000 modules), and 8 %
 * smaller (no blanks around the colons).
 */
export function geojsonFeatureSql(properties: readonly Property[], geometry = 'st_asgeojson(s.geom, 8)'): string {
  return (
    `'{"type":"Feature","id":' || to_json(s.id)::text || ',"geometry":' || coalesce(${geometry}, 'null') || ` +
    `',"properties":' || ${propertiesJsonSql(properties)} || '}'`
  );
}

/** The JSON text of the given properties of the source row `s`, as one object. */
export function propertiesJsonSql(properties: readonly Property[]): string {
  if (properties.length === 0) return `'{}'`;
  const columns = properties.map((p) => `${column(p.name)} as "${p.name}"`);
  return `(select row_to_json(p)::text from (select ${columns.join(', ')}) p)`;
}
