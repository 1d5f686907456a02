import { useEffect, useRef, useState } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useTranslation } from 'react-i18next';
import { PLAIN_BASEMAP, type WebConfig, initialBasemap } from '@calepin/core';
import { showBasemap, watchBasemap } from '@calepin/map-kit';
import { useAuth } from '../auth/session';
import { useLatest } from '../components/useLatest';

/** The choice is remembered per user on this device (and not sent anywhere). */
const storageKey = (userId: string | undefined) => `calepin.basemap.${userId ?? 'anonymous'}`;

function remembered(userId: string | undefined): string | null {
  try {
    return localStorage.getItem(storageKey(userId));
  } catch {
    return null;
  }
}

interface Props {
  /** The map once its style is loaded (made with map-kit's baseStyle and the same config). */
  map: MapLibreMap | null;
  config: WebConfig | undefined;
  /** Where the map opens, [lon, lat]: the default basemap depends on it (IGN's in France). */
  centre: [number, number] | null;
}

/**
 * The basemap switcher of every office map: the plain background (works offline) and the
 * configured basemaps (BASEMAPS: IGN orthophoto and Plan IGN by default). A basemap whose
 * tiles do not come is reported once and the map goes back to plain — never a grey map.
 */
export function BasemapControl({ map, config, centre }: Props) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const basemaps = config?.basemaps ?? [];
  const [shown, setShown] = useState(() => initialBasemap(basemaps, remembered(user?.id), centre));
  const [failed, setFailed] = useState<string | null>(null);
  /** Read by the click handler only. */
  const watch = useRef<ReturnType<typeof watchBasemap> | null>(null);
  const latest = useLatest({ basemaps });

  useEffect(() => {
    if (!map) return undefined;
    const watcher = watchBasemap(map, (basemap) => {
      setFailed(basemap);
      setShown(PLAIN_BASEMAP);
    });
    watch.current = watcher;
    return () => watcher.stop();
  }, [map]);

  useEffect(() => {
    if (map) showBasemap(map, latest.current.basemaps, shown);
  }, [map, shown, latest]);

  if (basemaps.length === 0) return null;
  const name = (id: string) => {
    const basemap = basemaps.find((b) => b.id === id);
    return t(`map.basemaps.${id}`, { defaultValue: basemap?.label ?? id });
  };
  const choose = (id: string) => {
    watch.current?.retry(id);
    setFailed(null);
    setShown(id);
    try {
      localStorage.setItem(storageKey(user?.id), id);
    } catch {
      // Private browsing: the choice lasts as long as the map.
    }
  };

  return (
    <>
      {/* A select rather than radios: small over the map, whatever the number of basemaps. */}
      <label className="basemap-control" title={t('map.basemap')}>
        <span className="sr-only">{t('map.basemap')}</span>
        <select value={shown} onChange={(e) => choose(e.target.value)} data-testid="basemap-select" data-shown={shown}>
          {[PLAIN_BASEMAP, ...basemaps.map((b) => b.id)].map((id) => (
            <option key={id} value={id}>{id === PLAIN_BASEMAP ? t('map.basemapPlain') : name(id)}</option>
          ))}
        </select>
      </label>
      {failed && (
        <div className="map-notice basemap-failed" role="status" data-testid="basemap-failed">
          {t('map.basemapFailed', { name: name(failed) })}
          <button type="button" className="link" onClick={() => setFailed(null)} aria-label={t('map.dismiss')}>×</button>
        </div>
      )}
    </>
  );
}
