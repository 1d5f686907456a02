// The technician's missions: those on the server (when online) and those downloaded on this
// device (always, from the store and its registry). Download with a progress bar, resumed
// after a cut or a reload; open a downloaded one.
import { useCallback, useEffect, useState } from 'react';
import type { FieldMission } from '@calepin/core';
import { api, logout } from '../app/session';
import { useField } from '../app/store-context';
import { isOnline, onNetworkChange, storageEstimate } from '../device';
import { type DownloadProgress, downloadMission, pendingDownload } from '../download/download';
import { type DownloadedMission, downloadedMissions } from '../download/registry';
import { useI18n } from '../i18n';
import { describeError } from './errors';
import { LanguageSwitch } from './LanguageSwitch';
import { PushToggle, stopPush } from './PushToggle';
import { formatBytes, formatDate } from './format';

interface Row {
  id: string;
  reference: string;
  title: string;
  plantName: string;
  auditTypes: string[];
  plannedStart: string | null;
  onDevice: boolean;
  server: FieldMission | null;
}

function merge(server: FieldMission[] | null, onDevice: string[], registry: Record<string, DownloadedMission>): Row[] {
  const rows = new Map<string, Row>();
  for (const m of server ?? []) {
    rows.set(m.id, { id: m.id, reference: m.reference, title: m.title, plantName: m.plant.name, auditTypes: m.auditTypes, plannedStart: m.plannedStart, onDevice: false, server: m });
  }
  for (const id of onDevice) {
    const known = registry[id];
    const row = rows.get(id) ?? {
      id, reference: known?.reference ?? id.slice(0, 8), title: known?.title ?? '', plantName: known?.plantName ?? '', auditTypes: known?.auditTypes ?? [],
      plannedStart: null, server: null, onDevice: true,
    };
    rows.set(id, { ...row, onDevice: true });
  }
  return [...rows.values()].sort((a, b) => Number(b.onDevice) - Number(a.onDevice) || a.reference.localeCompare(b.reference));
}

export function Missions({ onOpen, onLogout }: { onOpen(id: string): void; onLogout(): void }) {
  const { t, lang } = useI18n();
  const { store, user } = useField();
  const [server, setServer] = useState<FieldMission[] | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  const [onDevice, setOnDevice] = useState<string[] | null>(null);
  const [storeError, setStoreError] = useState<string | null>(null);
  const [progress, setProgress] = useState<Record<string, DownloadProgress | { error: string } | { paused: number; total: number }>>({});
  const [online, setOnline] = useState(isOnline);
  const [storage, setStorage] = useState<{ usage: number; quota: number } | null>(null);

  const refresh = useCallback(async () => {
    try {
      const ids = await store.missions();
      setOnDevice(ids);
      const paused: typeof progress = {};
      setStorage(await storageEstimate());
      if (isOnline()) {
        try {
          const list = await api.get('/field/missions');
          setServer(list.items);
          setServerError(null);
          for (const m of list.items) {
            if (ids.includes(m.id)) continue;
            const half = await pendingDownload(m.id);
            if (half) paused[m.id] = { paused: half.received, total: half.total };
          }
          setProgress((p) => ({ ...paused, ...p }));
        } catch (e) {
          setServerError(describeError(e, t));
        }
      }
    } catch (e) {
      setStoreError(describeError(e, t));
    }
  }, [store, t]);

  useEffect(() => {
    void refresh();
    return onNetworkChange(() => {
      setOnline(isOnline());
      void refresh();
    });
  }, [refresh]);

  const download = async (mission: FieldMission) => {
    try {
      await downloadMission(store, mission, (p) => setProgress((all) => ({ ...all, [mission.id]: p })));
      setProgress(({ [mission.id]: _done, ...rest }) => rest);
      await refresh();
    } catch (e) {
      setProgress((all) => ({ ...all, [mission.id]: { error: describeError(e, t) } }));
    }
  };

  if (storeError) return <main className="fatal" role="alert"><h1>{t('app.name')}</h1><p>{storeError}</p></main>;
  const rows = merge(server, onDevice ?? [], downloadedMissions());
  return (
    <main className="missions">
      <header className="bar">
        <h1>{t('missions.title')}</h1>
        <span className={online ? 'net online' : 'net offline'} data-testid="network">{online ? t('net.online') : t('net.offline')}</span>
        <span className="who" data-testid="who">{user.fullName}</span>
        <LanguageSwitch />
        <PushToggle />
        <button type="button" onClick={() => void stopPush().finally(() => { logout(); onLogout(); })}>{t('app.logout')}</button>
      </header>
      {serverError && <p className="notice" role="status">{serverError}</p>}
      {!online && <p className="notice" role="status">{t('missions.offlineList')}</p>}
      {onDevice === null ? <p className="muted">{t('app.loading')}</p> : rows.length === 0 ? <p className="muted">{t('missions.none')}</p> : (
        <ul className="mission-list">
          {rows.map((row) => {
            const p = progress[row.id];
            return (
              <li key={row.id} className="card" data-testid={`mission-${row.reference}`}>
                <div className="mission-head">
                  <strong>{row.reference}</strong> · {row.title}
                  <div className="muted">{row.plantName} · {row.auditTypes.map((a) => t(`audit.${a}` as never)).join(', ')}
                    {row.plannedStart ? ` · ${formatDate(row.plannedStart, lang)}` : ''}</div>
                </div>
                {p && 'phase' in p && (
                  <div className="progress" data-testid="download-progress">
                    <progress max={p.total || 1} value={p.phase === 'building' ? undefined : p.received} />
                    <span>{t(`download.${p.phase}`)} {p.total ? `${formatBytes(p.received, lang)} / ${formatBytes(p.total, lang)}` : ''}</span>
                  </div>
                )}
                {p && 'error' in p && <p className="error" role="alert">{p.error}</p>}
                {p && 'paused' in p && <p className="muted">{t('download.paused', { done: formatBytes(p.paused, lang), total: formatBytes(p.total, lang) })}</p>}
                <div className="actions">
                  {row.onDevice ? (
                    <button type="button" className="primary big" onClick={() => onOpen(row.id)}>{t('missions.open')}</button>
                  ) : row.server && (!p || !('phase' in p)) ? (
                    <button type="button" className="primary big" disabled={!online} onClick={() => void download(row.server as FieldMission)}>
                      {p && ('paused' in p || 'error' in p) ? t('download.resume') : t('missions.download')}
                    </button>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {storage && <p className="muted storage">{t('missions.storage', { used: formatBytes(storage.usage, lang), quota: formatBytes(storage.quota, lang) })}</p>}
    </main>
  );
}
