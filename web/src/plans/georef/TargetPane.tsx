import { useEffect, useRef, useState } from 'react';
import { Map as MapLibreMap, type Marker, NavigationControl, ScaleControl } from 'maplibre-gl';
import type { Plant, WebConfig } from '@calepin/core';
import { authorizeTiles, baseStyle, boundaryLine, plantTileUrl } from '@calepin/map-kit';
import { tokens } from '../../api/http';
import '../../map/worker';
import { type MarkerItem, syncMarkers } from './markers';
import { useLatest } from '../../components/useLatest';
import { BasemapControl } from '../../map/BasemapControl';
import { plantCentre } from '../../map/PlantMap';

interface Props {
  plant: Plant;
  config: WebConfig | undefined;
  markers: MarkerItem[];
  onPick(lonLat: [number, number]): void;
  onMove(id: string, lonLat: [number, number]): void;
  onSelect(id: string): void;
}

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * The plant map where control points are placed: over the basemap of the switcher (IGN's orthophoto in France),
 * the boundary, tables and modules from the vector tiles (corners to click).
 */
export function TargetPane(props: Props) {
  const container = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const markers = useRef(new Map<string, Marker>());
  const handlers = useLatest(props);
  const plantId = props.plant.id;
  const { config } = props;

  // One map per plant and configuration, framed on the plant as it is then; markers are synced below.
  useEffect(() => {
    const { plant } = handlers.current;
    const bbox = plant.bbox;
    const created = new MapLibreMap({
      container: container.current as HTMLDivElement,
      style: baseStyle(config),
      bounds: bbox ? [[bbox[0], bbox[1]], [bbox[2], bbox[3]]] : undefined,
      center: bbox ? undefined : ((plant.location?.coordinates as [number, number] | undefined) ?? [2.35, 46.6]),
      zoom: bbox ? undefined : 17,
      fitBoundsOptions: { padding: 30 },
      maxZoom: 23,
      dragRotate: false,
      attributionControl: { compact: true },
      transformRequest: authorizeTiles(`${window.location.origin}/tiles/`, () => tokens.accessToken),
    });
    created.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    created.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    created.getCanvas().style.cursor = 'crosshair';
    created.on('load', () => {
      created.addSource('boundary', { type: 'geojson', data: plant.boundary ?? EMPTY });
      created.addSource('layout', { type: 'vector', tiles: [plantTileUrl(window.location.origin, plant.id)], minzoom: 0, maxzoom: 22 });
      created.addLayer(boundaryLine('boundary'));
      created.addLayer({
        id: 'modules', type: 'fill', source: 'layout', 'source-layer': 'modules',
        paint: { 'fill-color': '#334155', 'fill-opacity': 0.35, 'fill-outline-color': '#0f172a' },
      });
      created.addLayer({ id: 'tables', type: 'line', source: 'layout', 'source-layer': 'tables', paint: { 'line-color': '#0f172a', 'line-width': 1 } });
      setMap(created);
    });
    created.on('click', (event) => handlers.current.onPick([event.lngLat.lng, event.lngLat.lat]));
    Object.assign(window, { __calepinTargetMap: created }); // for the e2e tests, as PlanPane
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
  }, [plantId, config, handlers]);

  useEffect(() => {
    if (!map) return;
    syncMarkers(map, markers.current, props.markers, 'target', (id, lngLat) => handlers.current.onMove(id, lngLat), (id) => handlers.current.onSelect(id));
  }, [map, props.markers, handlers]);

  return (
    <div className="map-wrap">
      <div ref={container} className="map" data-testid="target-map" data-ready={map ? 'true' : 'false'} />
      <BasemapControl map={map} config={config} centre={plantCentre(props.plant)} />
    </div>
  );
}
