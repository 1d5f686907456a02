import { useEffect, useRef, useState } from 'react';
import { Map as MapLibreMap, type Marker, NavigationControl } from 'maplibre-gl';
import '../../map/worker';
import { pixelSpaceNativeZoom } from '@calepin/core/georef';
import { authorizeTiles } from '@calepin/map-kit';
import { tokens } from '../../api/http';
import type { PixelSpace } from './pixelSpace';
import { type MarkerItem, syncMarkers } from './markers';
import { useLatest } from '../../components/useLatest';

interface Props {
  imageUrl: string;
  /** Tiles of the plan at full detail (pixel space), drawn over the image when it was downscaled. */
  detailTiles?: string;
  space: PixelSpace;
  markers: MarkerItem[];
  onPick(pixel: [number, number]): void;
  onMove(id: string, pixel: [number, number]): void;
  onSelect(id: string): void;
}

/**
 * The plan in its own pixel space: a MapLibre map whose only content is the plan image
 * (see pixelSpace.ts), so that a 10,000 × 7,000 plan pans and zooms like a map. A plan
 * larger than a texture comes as a 4,096 px image for the overview, and the server's
 * pixel tiles over it give every pixel of the plan when zoomed in.
 */
export function PlanPane(props: Props) {
  const container = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const markers = useRef(new Map<string, Marker>());
  const handlers = useLatest(props);
  const { space, imageUrl, detailTiles } = props;

  useEffect(() => {
    const corners = space.corners();
    const created = new MapLibreMap({
      container: container.current as HTMLDivElement,
      style: {
        version: 8,
        sources: {
          plan: { type: 'image', url: imageUrl, coordinates: corners },
          ...(detailTiles
            ? { detail: { type: 'raster', tiles: [`${window.location.origin}${detailTiles}`], tileSize: 256, maxzoom: pixelSpaceNativeZoom(space), bounds: boundsOf(corners) } }
            : {}),
        },
        layers: [
          { id: 'background', type: 'background', paint: { 'background-color': '#e2e8f0' } },
          { id: 'plan', type: 'raster', source: 'plan', paint: { 'raster-fade-duration': 0, 'raster-resampling': 'linear' } },
          ...(detailTiles ? [{ id: 'plan-detail', type: 'raster' as const, source: 'detail', paint: { 'raster-fade-duration': 0, 'raster-resampling': 'nearest' as const } }] : []),
        ],
      },
      // The pixel tiles need the access token, like every API request.
      transformRequest: detailTiles ? authorizeTiles(`${window.location.origin}/api/v1/plans/`, () => tokens.accessToken) : undefined,
      bounds: [corners[3], corners[1]],
      fitBoundsOptions: { padding: 20 },
      renderWorldCopies: false,
      dragRotate: false,
      pitchWithRotate: false,
      maxZoom: 14,
      attributionControl: false,
    });
    created.touchZoomRotate.disableRotation();
    created.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    created.getCanvas().style.cursor = 'crosshair';
    created.on('click', (event) => {
      const [x, y] = space.toPixel(event.lngLat);
      if (x >= 0 && y >= 0 && x <= space.width && y <= space.height) handlers.current.onPick([x, y]);
    });
    created.on('load', () => {
      created.resize();
      created.fitBounds([corners[3], corners[1]], { padding: 20, duration: 0 });
      setMap(created);
    });
    // The e2e tests place points through these handles (never used by the app itself).
    Object.assign(window, { __calepinPlanMap: created, __calepinPlanSpace: space });
    // The panes share the screen with the side bar: follow their own size, not only the window's.
    const observer = new ResizeObserver(() => created.resize());
    observer.observe(container.current as HTMLDivElement);
    const owned = markers.current;
    return () => {
      observer.disconnect();
      for (const marker of owned.values()) marker.remove();
      owned.clear();
      created.remove();
      setMap(null);
    };
  }, [space, imageUrl, detailTiles, handlers]);

  useEffect(() => {
    if (!map) return;
    syncMarkers(
      map, markers.current, props.markers, 'plan',
      (id, lngLat) => handlers.current.onMove(id, space.toPixel({ lng: lngLat[0], lat: lngLat[1] })),
      (id) => handlers.current.onSelect(id),
    );
  }, [map, props.markers, space, handlers]);

  return (
    <div className="map-wrap georef-plan-bg">
      <div ref={container} className="map" data-testid="plan-map" data-ready={map ? 'true' : 'false'} />
    </div>
  );
}

/** West, south, east, north of the plan's corners: MapLibre asks for no tile beyond. */
function boundsOf(corners: [number, number][]): [number, number, number, number] {
  const lons = corners.map((c) => c[0]);
  const lats = corners.map((c) => c[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}
