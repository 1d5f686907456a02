import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { MAP_STATUSES, SEVERITIES, SEVERITY_COLORS, type Bbox, type MapStatus, type ModuleHit, type Plant, type WebConfig } from '@calepin/core';
import {
  useInverters, useMapSelection, useModuleDetail, usePlant, usePlantHistory, useStatusCounts, useStrings, useWebConfig,
} from '../api/queries';
import { ErrorMessage, Loading } from '../components/ui';
import { formatDate } from '../format';
import { Legend } from '../map/Legend';
import { ModulePanel } from '../map/ModulePanel';
import { ModuleSearch } from '../map/ModuleSearch';
import { PlantMap } from '../map/PlantMap';
import { usePlantCursors } from '../map/usePlantCursors';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { PlanOverlayControls } from '../plans/overlay/PlanOverlayControls';
import { usePlanOverlays } from '../plans/overlay/usePlanOverlays';
import { canManage, useAuth } from '../auth/session';

/** Statuses in the URL (?status=dead,microcracks), so that a filtered map can be shared. */
function parseStatuses(value: string | null): MapStatus[] {
  if (!value) return [...MAP_STATUSES];
  const wanted = new Set(value.split(','));
  const statuses = MAP_STATUSES.filter((s) => wanted.has(s));
  return statuses.length ? statuses : [...MAP_STATUSES];
}

/** Above this many strings, the string filter gets a search box (a plant of 384 strings had none). */
const STRING_SEARCH_FROM = 20;

export function PlantMapPage() {
  const { plantId = '' } = useParams();
  const plant = usePlant(plantId);
  // The map is made once from the configuration (its basemap): wait for it too.
  const config = useWebConfig();
  // The plant first: a plant the caller may not see is one 404, not one per list below (issue 13).
  if (plant.isPending || config.isPending) return <Loading />;
  if (plant.error) return <ErrorMessage error={plant.error} />;
  return <PlantMapScreen plant={plant.data} config={config.data} />;
}

function PlantMapScreen({ plant: p, config }: { plant: Plant; config: WebConfig | undefined }) {
  const { t } = useTranslation();
  const plantId = p.id;
  const [params, setParams] = useSearchParams();
  const history = usePlantHistory(plantId);
  const inverters = useInverters(plantId);
  const plans = usePlanOverlays(plantId);
  const { user } = useAuth();

  const audit = params.get('audit') ?? undefined;
  const inverter = params.get('inverter') ?? undefined;
  const string = params.get('string') ?? undefined;
  const statuses = useMemo(() => parseStatuses(params.get('status')), [params]);
  const selected = params.get('module');
  const strings = useStrings(plantId, inverter);
  const selection = useMapSelection(plantId, inverter, string);
  const [stringSearch, setStringSearch] = useState('');
  const shownStrings = useMemo(() => {
    const q = stringSearch.trim().toUpperCase();
    const all = strings.data?.items ?? [];
    // Keep the chosen string in the list, so that the select never shows a blank choice.
    return q ? all.filter((s) => s.code.toUpperCase().includes(q) || s.id === string) : all;
  }, [strings.data, stringSearch, string]);

  const [showDefects, setShowDefects] = useState(true);
  const [focus, setFocus] = useState<Bbox | null>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  usePlantCursors(map, plantId, user?.role !== undefined && user.role !== 'client');

  const setParam = (changes: Record<string, string | null | undefined>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      return next;
    }, { replace: true });

  const statusParam = statuses.length === MAP_STATUSES.length ? undefined : statuses;
  const counts = useStatusCounts(plantId, { audit, inverter, string, status: statusParam });
  const unfiltered = useStatusCounts(plantId, { audit, inverter, string });
  const detail = useModuleDetail(plantId, selected, audit);
  const filter = useMemo(() => ({ statuses, inverter, string }), [statuses, inverter, string]);
  // A link to a module (a chat pin, a shared address) opens the map on it, once.
  const linked = useRef(selected);
  useEffect(() => {
    if (!detail.data || detail.data.id !== linked.current) return;
    linked.current = null;
    setFocus([...detail.data.bbox] as Bbox);
  }, [detail.data]);


  const found = (hit: ModuleHit) => {
    setParam({ module: hit.id });
    setFocus([...hit.bbox] as Bbox);
  };

  return (
    <div className="map-page">
      <aside className="map-sidebar">
        <p className="crumbs"><Link to={`/plants/${p.id}`}>← {p.name}</Link> · <Link to={`/plants/${p.id}/3d`}>{t('layout.open3d')}</Link></p>
        <h1 className="map-title">{p.name}</h1>
        <ModuleSearch plantId={p.id} audit={audit} onFound={found} />
        <label className="field">
          <span className="field-label">{t('map.audit')}</span>
          <select value={audit ?? ''} onChange={(e) => setParam({ audit: e.target.value })} data-testid="audit-select">
            <option value="">{t(user?.role === 'client' ? 'map.currentValidated' : 'map.currentStatus')}</option>
            {history.data?.audits.map((a) => (
              <option key={a.id} value={a.id}>{t(`auditTypes.${a.auditType}`)} — {formatDate(a.startedAt)}</option>
            ))}
          </select>
        </label>
        <Legend
          counts={counts.data}
          plantTotal={unfiltered.data?.total}
          statuses={statuses}
          onChange={(next) => setParam({ status: next.length === MAP_STATUSES.length ? null : next.join(',') })}
        />
        <fieldset className="filters">
          <legend>{t('map.filters')}</legend>
          <label className="field">
            <span className="field-label">{t('map.inverter')}</span>
            <select value={inverter ?? ''} onChange={(e) => setParam({ inverter: e.target.value, string: null })} data-testid="inverter-select">
              <option value="">{t('map.allInverters')}</option>
              {inverters.data?.items.map((i) => <option key={i.id} value={i.id}>{i.code}</option>)}
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t('map.string')}</span>
            {(strings.data?.items.length ?? 0) > STRING_SEARCH_FROM && (
              <input
                type="search" value={stringSearch} onChange={(e) => setStringSearch(e.target.value)}
                placeholder={t('map.stringSearch', { count: strings.data?.items.length })} data-testid="string-search"
              />
            )}
            <select value={string ?? ''} onChange={(e) => setParam({ string: e.target.value })} data-testid="string-select">
              <option value="">{stringSearch ? t('map.stringsFound', { count: shownStrings.length }) : t('map.allStrings')}</option>
              {shownStrings.map((s) => <option key={s.id} value={s.id}>{s.code}</option>)}
            </select>
          </label>
        </fieldset>
        <fieldset className="filters">
          <legend>{t('map.layers')}</legend>
          <label className="check">
            <input type="checkbox" checked={showDefects} onChange={(e) => setShowDefects(e.target.checked)} data-testid="defects-layer" />
            {t('map.defectsLayer')}
          </label>
          {showDefects && (
            <p className="severity-key" data-testid="severity-key">
              {SEVERITIES.map((s) => <span key={s}><i style={{ background: SEVERITY_COLORS[s] }} />{t(`severities.${s}`)}</span>)}
            </p>
          )}
        </fieldset>
        <PlanOverlayControls overlays={plans.overlays} names={plans.names} editable={canManage(user?.role)} onChange={plans.change} />
        {p.bbox && (
          <button type="button" onClick={() => setFocus([...(p.bbox as Bbox)] as Bbox)}>{t('map.fit')}</button>
        )}
      </aside>
      <PlantMap
        plant={p}
        config={config}
        audit={audit}
        filter={filter}
        showDefects={showDefects}
        highlight={detail.data ?? null}
        selection={inverter || string ? (selection.data ?? null) : null}
        focus={focus}
        onSelect={(id) => setParam({ module: id })}
        onMap={setMap}
        plans={plans.overlays}
      />
      {selected && (
        <ModulePanel
          detail={detail.data}
          loading={detail.isPending}
          error={detail.error}
          onClose={() => setParam({ module: null })}
        />
      )}
    </div>
  );
}
