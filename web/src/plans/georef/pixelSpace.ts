import { LngLat, MercatorCoordinate } from 'maplibre-gl';
import { pixelSpaceFrame } from '@calepin/core/georef';

/**
 * The plan's pixel space drawn by MapLibre (the frame is core's, shared with the server's
 * pixel tiles): pixel (x, y) maps linearly to Mercator (x, y), which also grows downwards.
 */
export interface PixelSpace {
  width: number;
  height: number;
  toLngLat(pixel: readonly [number, number]): [number, number];
  toPixel(lngLat: { lng: number; lat: number }): [number, number];
  /** The four corners (top-left, top-right, bottom-right, bottom-left) for an image source. */
  corners(): [[number, number], [number, number], [number, number], [number, number]];
}

export function pixelSpace(width: number, height: number): PixelSpace {
  const { scale, x0, y0 } = pixelSpaceFrame(width, height);
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
