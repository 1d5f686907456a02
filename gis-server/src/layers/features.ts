import { type Property, column } from './columns';

/**
 * The SQL expression of one feature as GeoJSON text, built inside PostGIS so the server
 * joins texts instead of parsing and re-serialising features. `geometry` is an SQL
 * expression over the source row `s` (reprojected, axes swapped, as the caller needs).
 */
export function geojsonFeatureSql(properties: readonly Property[], geometry = 'st_asgeojson(s.geom, 8)::json'): string {
  return (
    `json_build_object('type', 'Feature', 'id', s.id, 'geometry', ${geometry}, ` +
    `'properties', ${propertiesObjectSql(properties)})::text`
  );
}

/** json_build_object of the given properties of the source row `s`. */
export function propertiesObjectSql(properties: readonly Property[]): string {
  // json_build_object takes at most 100 arguments: chunks of 50 properties are concatenated.
  const chunks: string[] = [];
  for (let i = 0; i < properties.length; i += 50) {
    const pairs = properties.slice(i, i + 50).map((p) => `'${p.name}', ${column(p.name)}`);
    chunks.push(`jsonb_build_object(${pairs.join(', ')})`);
  }
  if (chunks.length === 0) return `'{}'::json`;
  if (chunks.length === 1) return (chunks[0] as string).replace(/^jsonb_/, 'json_');
  return `(${chunks.join(' || ')})::json`;
}
