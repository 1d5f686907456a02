import { useEffect, useRef, useState } from 'react';
import { Map as MapLibreMap, type Marker, NavigationControl } from 'maplibre-gl';
import '../../map/worker';
import type { PixelSpace } from './pixelSpace';
import { type MarkerItem, syncMarkers } from './markers';

interface Props {
  imageUrl: string;
  space: PixelSpace;
  markers: MarkerItem[];
  onPick(pixel: [number, number]): void;
  onMove(id: string, pixel: [number, number]): void;
  onSelect(id: string): void;
}

/**
 * The plan in its own pixel space: a MapLibre map whose only content is the plan image
 * (see pixelSpace.ts), so that a 10,000 × 7,000 plan pans and zooms like a map.
 */
export function PlanPane(props: Props) {
  const container = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const markers = useRef(new Map<string, Marker>());
  const handlers = useRef(props);
  handlers.current = props;
  const { space, imageUrl } = props;

  useEffect(() => {
    const corners = space.corners();
    const created = new MapLibreMap({
      container: container.current as HTMLDivElement,
      style: {
        version: 8,
        sources: { plan: { type: 'image', url: imageUrl, coordinates: corners } },
        layers: [
          { id: 'background', type: 'background', paint: { 'background-color': '#e2e8f0' } },
          { id: 'plan', type: 'raster', source: 'plan', paint: { 'raster-fade-duration': 0, 'raster-resampling': 'linear' } },
        ],
      },
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
  }, [space, imageUrl]);

  useEffect(() => {
    if (!map) return;
    syncMarkers(
      map, markers.current, props.markers, 'plan',
      (id, lngLat) => handlers.current.onMove(id, space.toPixel({ lng: lngLat[0], lat: lngLat[1] })),
      (id) => handlers.current.onSelect(id),
    );
  }, [map, props.markers, space]);

  return (
    <div className="map-wrap georef-plan-bg">
      <div ref={container} className="map" data-testid="plan-map" data-ready={map ? 'true' : 'false'} />
    </div>
  );
}
