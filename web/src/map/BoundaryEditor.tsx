import { useEffect, useRef, useState } from 'react';
import { Map as MapLibreMap, NavigationControl, ScaleControl } from 'maplibre-gl';
import { TerraDraw, TerraDrawPolygonMode, TerraDrawSelectMode, type GeoJSONStoreFeatures } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import { useTranslation } from 'react-i18next';
import type { AreaGeometry, WebConfig } from '@calepin/core';
import { baseStyle } from '@calepin/map-kit';
import { formatArea } from '../format';
import './worker';
import { polygonsOf, ringArea, toArea } from './geometry';
import { useLatest } from '../components/useLatest';
import { AddressSearch } from './AddressSearch';
import { BasemapControl } from './BasemapControl';

interface Props {
  value: AreaGeometry | null;
  onChange(value: AreaGeometry | null): void;
  config: WebConfig | undefined;
  /** Where to look when there is no boundary yet: [lon, lat]. */
  center: [number, number] | null;
  readOnly?: boolean;
}

type Mode = 'polygon' | 'select' | 'static';

/** Where a map with nothing to show opens (zoom 5: the whole of France). */
const FRANCE_CENTRE: [number, number] = [2.35, 46.6];

/**
 * The plant boundary drawn on the map with terra-draw: polygon mode to draw (click the
 * corners, close on the first one or with Enter), select mode to drag corners, add
 * midpoints or delete a polygon. Several polygons make a MultiPolygon.
 */
export function BoundaryEditor({ value, onChange, config, center, readOnly }: Props) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const drawRef = useRef<TerraDraw | null>(null);
  /** The map once loaded (basemap switcher, address search). */
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [mode, setMode] = useState<Mode>('static');
  const onChangeRef = useLatest(onChange);
  /** What the map is made from: the props of the first render (later values are the drawing's own). */
  const initial = useRef({ value, config, center, readOnly });

  useEffect(() => {
    const { value, config, center, readOnly } = initial.current;
    const polygons = value ? polygonsOf(value) : [];
    const bounds = boundsOf(polygons);
    const map = new MapLibreMap({
      container: container.current as HTMLDivElement,
      style: baseStyle(config),
      bounds: bounds ?? undefined,
      fitBoundsOptions: { padding: 40 },
      center: bounds ? undefined : (center ?? FRANCE_CENTRE),
      zoom: bounds ? undefined : center ? 16 : 5,
      maxZoom: 22,
      attributionControl: { compact: true },
    });
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    const flags = { feature: { draggable: true, coordinates: { midpoints: true, draggable: true, deletable: true } } };
    map.on('load', () => {
      const draw = new TerraDraw({
        adapter: new TerraDrawMapLibreGLAdapter({ map }),
        modes: [
          new TerraDrawPolygonMode({ keyEvents: { cancel: 'Escape', finish: 'Enter' } }),
          new TerraDrawSelectMode({ flags: { polygon: flags } }),
        ],
      });
      draw.start();
      if (polygons.length) {
        draw.addFeatures(polygons.map((coordinates) => ({
          id: crypto.randomUUID(),
          type: 'Feature',
          geometry: { type: 'Polygon', coordinates },
          properties: { mode: 'polygon' },
        }) as GeoJSONStoreFeatures));
      }
      const emit = () => {
        const drawn = draw.getSnapshot()
          .filter((f) => f.geometry.type === 'Polygon' && f.properties.mode === 'polygon' && !f.properties.currentlyDrawing)
          .map((f) => f.geometry.coordinates as number[][][]);
        onChangeRef.current(toArea(drawn));
      };
      draw.on('finish', emit);
      draw.on('change', (_ids, type) => {
        if (type === 'delete') emit();
      });
      drawRef.current = draw;
      setMode(readOnly ? 'static' : polygons.length ? 'select' : 'polygon');
      setMap(map);
    });
    Object.assign(window, { __calepinDrawMap: map }); // for the e2e tests, as PlanPane
    return () => {
      drawRef.current?.stop();
      drawRef.current = null;
      setMap(null);
      map.remove();
    };
    // Created once: the drawing then lives in terra-draw's store and is reported by onChange.
  }, [onChangeRef]);

  useEffect(() => {
    const draw = drawRef.current;
    if (draw && mode !== 'static') draw.setMode(mode);
  }, [mode]);

  const clear = () => {
    drawRef.current?.clear();
    onChange(null);
    setMode('polygon');
  };

  const polygons = value ? polygonsOf(value) : [];
  const area = polygons.reduce((sum, rings) => sum + ringArea(rings[0] ?? []) - rings.slice(1).reduce((s, r) => s + ringArea(r), 0), 0);

  return (
    <div className="boundary-editor">
      {!readOnly && (
        <div className="toolbar" role="toolbar">
          <button type="button" className={mode === 'polygon' ? 'active' : ''} onClick={() => setMode('polygon')} data-testid="draw-polygon">
            {t('draw.polygon')}
          </button>
          <button type="button" className={mode === 'select' ? 'active' : ''} onClick={() => setMode('select')} data-testid="draw-select">
            {t('draw.select')}
          </button>
          <button type="button" onClick={clear} data-testid="draw-clear">{t('draw.clear')}</button>
        </div>
      )}
      {!readOnly && config?.geocoder && <AddressSearch map={map} />}
      <div className="draw-map">
        <div ref={container} className="map" data-testid="draw-map" data-ready={map ? 'true' : 'false'} />
        <BasemapControl map={map} config={config} centre={center ?? centreOf(polygons) ?? FRANCE_CENTRE} />
      </div>
      <p className="muted" data-testid="boundary-summary">
        {polygons.length ? `${t('draw.count', { count: polygons.length })} · ${t('draw.area', { area: formatArea(area) })}` : t('plants.noBoundary')}
      </p>
      {!readOnly && <p className="hint">{t('draw.help')}</p>}
    </div>
  );
}

function centreOf(polygons: number[][][][]): [number, number] | null {
  const bounds = boundsOf(polygons);
  return bounds ? [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2] : null;
}

function boundsOf(polygons: number[][][][]): [[number, number], [number, number]] | null {
  const points = polygons.flat(2);
  if (!points.length) return null;
  const xs = points.map((p) => p[0] as number);
  const ys = points.map((p) => p[1] as number);
  return [[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]];
}
