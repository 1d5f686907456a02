import { LngLat, MercatorCoordinate } from 'maplibre-gl';

/**
 * The plan's pixel space drawn by MapLibre: the plan is laid on the Web Mercator square as
 * if it were a map, so that MapLibre pans, zooms and drags markers on it. Pixel (x, y) —
 * GDAL's convention, (0, 0) the top-left corner, y down — maps linearly to Mercator (x, y),
 * which also grows downwards; the longest side of the plan spans SPAN of the square —
 * a quarter, so that the plan fits any pane: MapLibre never zooms out beyond the point where
 * the square fills the pane's height.
 */
const SPAN = 0.25;

export interface PixelSpace {
  width: number;
  height: number;
  toLngLat(pixel: readonly [number, number]): [number, number];
  toPixel(lngLat: { lng: number; lat: number }): [number, number];
  /** The four corners (top-left, top-right, bottom-right, bottom-left) for an image source. */
  corners(): [[number, number], [number, number], [number, number], [number, number]];
}

export function pixelSpace(width: number, height: number): PixelSpace {
  const scale = SPAN / Math.max(width, height);
  const x0 = 0.5 - (width * scale) / 2;
  const y0 = 0.5 - (height * scale) / 2;
  const toLngLat = ([x, y]: readonly [number, number]): [number, number] => {
    const lngLat = new MercatorCoordinate(x0 + x * scale, y0 + y * scale).toLngLat();
    return [lngLat.lng, lngLat.lat];
  };
  return {
    width,
    height,
    toLngLat,
    toPixel({ lng, lat }) {
      const m = MercatorCoordinate.fromLngLat(new LngLat(lng, lat));
      return [(m.x - x0) / scale, (m.y - y0) / scale];
    },
    corners: () => [toLngLat([0, 0]), toLngLat([width, 0]), toLngLat([width, height]), toLngLat([0, height])],
  };
}
