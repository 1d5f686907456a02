import { useEffect, useRef, useState } from 'react';
import { type GeoJSONSource, Map as MapLibreMap, NavigationControl, ScaleControl } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { WeekRoutes } from '@calepin/core';
import { baseStyle, plantMarker } from '@calepin/map-kit';
import { useWebConfig } from '../api/queries';
import { ErrorMessage, Loading } from '../components/ui';
import { formatDate, formatNumber } from '../format';
import '../map/worker';
import { useWeekRoutes } from '../missions/api';
import { addDays, isoDay, mondayOf } from '../missions/time';
import './planning.css';

// One colour per technician, distinct from the six module status colours.
const ROUTE_COLORS = ['#7c3aed', '#0891b2', '#db2777', '#65a30d', '#c2410c', '#1d4ed8', '#a16207', '#0f766e'];

type Day = WeekRoutes['days'][number];

function geojson(days: Day[], colours: Map<string, string>) {
  const lines = days.flatMap((d) => d.routes.filter((r) => r.stops.length > 1).map((r) => ({
    type: 'Feature' as const,
    properties: { color: colours.get(r.technicianId) ?? '#334155', technician: r.technician },
    geometry: { type: 'LineString' as const, coordinates: r.stops.map((s) => [s.lon, s.lat]) },
  })));
  const plants = new Map<string, { name: string; lon: number; lat: number; refs: Set<string> }>();
  for (const stop of days.flatMap((d) => d.routes.flatMap((r) => r.stops))) {
    const p = plants.get(stop.plantId) ?? { name: stop.plantName, lon: stop.lon, lat: stop.lat, refs: new Set<string>() };
    p.refs.add(stop.reference);
    plants.set(stop.plantId, p);
  }
  const points = [...plants.values()].map((p) => ({
    type: 'Feature' as const,
    properties: { label: `${p.name} (${[...p.refs].join(', ')})` },
    geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] },
  }));
  return { lines: { type: 'FeatureCollection' as const, features: lines }, points: { type: 'FeatureCollection' as const, features: points } };
}

/** The week on a map: the plants of the planned missions and each technician's route of the day. */
export function WeekMapPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const monday = mondayOf(search.get('week') ? new Date(`${search.get('week')}T12:00:00`) : new Date());
  const week = isoDay(monday);
  const [day, setDay] = useState<string>('');
  const routes = useWeekRoutes(week);
  const config = useWebConfig();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const [ready, setReady] = useState(false);

  const shown = (routes.data?.days ?? []).filter((d) => !day || d.day === day);
  const technicians = [...new Map(shown.flatMap((d) => d.routes).map((r) => [r.technicianId, r.technician])).entries()];
  const colours = new Map(technicians.map(([id], i) => [id, ROUTE_COLORS[i % ROUTE_COLORS.length] as string]));

  useEffect(() => {
    // Once the config is known (a raster basemap may be offered): one map, not two.
    if (config.isPending) return;
    const map = new MapLibreMap({ container: container.current as HTMLDivElement, style: baseStyle(config.data), center: [2.35, 46.6], zoom: 5, attributionControl: { compact: true } });
    mapRef.current = map;
    (window as unknown as { __calepinMap: MapLibreMap }).__calepinMap = map;
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    map.on('load', () => {
      map.addSource('routes', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      map.addSource('plants', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      map.addLayer({ id: 'routes', type: 'line', source: 'routes', paint: { 'line-color': ['get', 'color'], 'line-width': 4, 'line-opacity': 0.85 } });
      map.addLayer(plantMarker('plants', 'plants'));
      setReady(true);
    });
    return () => { map.remove(); mapRef.current = null; setReady(false); };
  }, [config.data, config.isPending]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready || !routes.data) return;
    const routesSource = map.getSource('routes') as GeoJSONSource | undefined;
    const plantsSource = map.getSource('plants') as GeoJSONSource | undefined;
    if (!routesSource || !plantsSource) return;
    const data = geojson(shown, colours);
    routesSource.setData(data.lines);
    plantsSource.setData(data.points);
    const coords = data.points.features.map((f) => f.geometry.coordinates as [number, number]);
    if (coords.length) {
      const xs = coords.map((c) => c[0]);
      const ys = coords.map((c) => c[1]);
      map.fitBounds([[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]], { padding: 60, maxZoom: 12, duration: 0 });
    }
    container.current?.setAttribute('data-ready', 'true');
  });

  return (
    <div className="page planning">
      <div className="page-head"><h1>{t('missions.week.title')}</h1></div>
      <div className="toolbar">
        <button type="button" onClick={() => setSearch({ week: isoDay(addDays(monday, -7)) })}>←</button>
        <span>{t('missions.week.week')} {formatDate(monday.toISOString())}</span>
        <button type="button" onClick={() => setSearch({ week: isoDay(addDays(monday, 7)) })}>→</button>
        <select value={day} onChange={(e) => setDay(e.target.value)} aria-label={t('missions.week.day')}>
          <option value="">{t('missions.week.allDays')}</option>
          {Array.from({ length: 7 }, (_, i) => isoDay(addDays(monday, i))).map((d) => <option key={d} value={d}>{formatDate(`${d}T12:00:00`)}</option>)}
        </select>
      </div>
      <ErrorMessage error={routes.error} />
      {routes.isPending && <Loading />}
      <div className="week-map" ref={container} data-testid="map" />
      <div className="route-legend" data-testid="routes">
        {shown.length === 0 && routes.data && <span className="muted">{t('missions.week.noRoute')}</span>}
        {shown.flatMap((d) => d.routes.map((r) => (
          <span key={`${d.day}-${r.technicianId}`}>
            <i style={{ background: colours.get(r.technicianId) }} />{formatDate(`${d.day}T12:00:00`)} · {r.technician}: {r.stops.map((s) => s.plantName).join(' → ')} ({t('missions.week.km', { km: formatNumber(r.km, 1) })})
          </span>
        )))}
      </div>
    </div>
  );
}
