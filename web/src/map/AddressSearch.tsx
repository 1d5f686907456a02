import { type KeyboardEvent, useState } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useTranslation } from 'react-i18next';
import type { GeocodeHit } from '@calepin/core';
import { api } from '../api/http';
import { ErrorMessage } from '../components/ui';

/** How close to fly to a hit without an extent: a house is closer than a town. */
const ZOOM_BY_KIND: Record<string, number> = { housenumber: 18, street: 17, locality: 16, municipality: 14 };

/** Takes the map to a place: its extent when the geocoder gives one, else a zoom suited to its kind. */
export function flyTo(map: MapLibreMap, hit: GeocodeHit): void {
  if (hit.bbox && hit.bbox[2] - hit.bbox[0] > 1e-4) {
    map.fitBounds([[hit.bbox[0], hit.bbox[1]], [hit.bbox[2], hit.bbox[3]]], { padding: 40, maxZoom: 18, duration: 800 });
  } else {
    map.flyTo({ center: [hit.lon, hit.lat], zoom: ZOOM_BY_KIND[hit.kind] ?? 16, duration: 800 });
  }
}

/**
 * Address search above the boundary map (gis-server's /geocode, the Géoplateforme by
 * default): the map flies to the first place found; the others are offered below. Not a
 * <form>: it sits inside the plant form, and Enter must search, not save the plant.
 */
export function AddressSearch({ map }: { map: MapLibreMap | null }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [hits, setHits] = useState<GeocodeHit[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [chosen, setChosen] = useState<GeocodeHit | null>(null);

  const choose = (hit: GeocodeHit) => {
    setChosen(hit);
    if (map) flyTo(map, hit);
  };

  async function search() {
    const q = text.trim();
    if (q.length < 3) {
      setError(null);
      setHits(null);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await api.get('/geocode', { query: { q, limit: 5 } });
      setHits(result.items);
      if (result.items[0]) choose(result.items[0]);
    } catch (e) {
      setHits(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const onKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    void search();
  };

  return (
    <div className="address-search" role="search" data-testid="address-search">
      <label htmlFor="address-search" className="field-label">{t('map.addressLabel')}</label>
      <div className="combo">
        <input
          id="address-search" type="search" autoComplete="off" value={text} placeholder={t('map.addressPlaceholder')}
          onChange={(e) => setText(e.target.value)} onKeyDown={onKey} data-testid="address-input"
        />
        <button type="button" onClick={() => void search()} disabled={busy} data-testid="address-go">{t('map.addressGo')}</button>
      </div>
      {text.trim().length > 0 && text.trim().length < 3 && <p className="hint">{t('map.addressTooShort')}</p>}
      <ErrorMessage error={error} />
      {hits && hits.length === 0 && <p className="muted" role="status" data-testid="address-none">{t('map.addressNone', { q: text.trim() })}</p>}
      {hits && hits.length > 0 && (
        <ul className="address-hits" data-testid="address-hits">
          {hits.map((hit) => (
            <li key={`${hit.label}-${hit.lon}-${hit.lat}`}>
              <button type="button" className={hit === chosen ? 'link active' : 'link'} onClick={() => choose(hit)}>{hit.label}</button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
