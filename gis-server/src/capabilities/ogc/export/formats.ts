/** The export formats, each written by one GDAL driver. */
export const EXPORT_FORMATS = {
  gpkg: { driver: 'GPKG', ext: 'gpkg', type: 'application/geopackage+sqlite3', layers: 'many' },
  geojson: { driver: 'GeoJSON', ext: 'geojson', type: 'application/geo+json', layers: 'one-per-file' },
  shp: { driver: 'ESRI Shapefile', ext: 'shp.zip', type: 'application/zip', layers: 'many' },
  kml: { driver: 'KML', ext: 'kml', type: 'application/vnd.google-earth.kml+xml', layers: 'many' },
  csv: { driver: 'CSV', ext: 'csv', type: 'text/csv', layers: 'one-per-file' },
  dxf: { driver: 'DXF', ext: 'dxf', type: 'image/vnd.dxf', layers: 'merged' },
} as const;

export type ExportFormat = keyof typeof EXPORT_FORMATS;
export const EXPORT_FORMAT_NAMES = Object.keys(EXPORT_FORMATS) as [ExportFormat, ...ExportFormat[]];
