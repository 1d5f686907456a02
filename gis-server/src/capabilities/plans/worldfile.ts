// World files (.pgw/.jgw/.tfw/.wld): six numbers, A D B E C F, for the CENTRE of the top-left pixel.

export type GeoTransform = [number, number, number, number, number, number];

/** The GDAL geotransform (corner of the top-left pixel) of a world file, or null when it is not one. */
export function parseWorldFile(text: string): GeoTransform | null {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length !== 6) return null;
  const n = lines.map(Number);
  if (n.some((v) => !Number.isFinite(v))) return null;
  const [a, d, b, e, c, f] = n as [number, number, number, number, number, number];
  if (a * e - b * d === 0) return null;
  return [c - a / 2 - b / 2, a, b, f - d / 2 - e / 2, d, e];
}
