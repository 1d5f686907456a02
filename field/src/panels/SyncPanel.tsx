// Sync: what waits on the device, what the server set aside (with its message), the photos
// still to send; sync now; export the GeoPackage (it opens in QGIS; photos stay encrypted on
// the device and are not in it).
import { useEffect, useState } from 'react';
import { storageEstimate } from '../device';
import { useI18n } from '../i18n';
import { useEditor } from '../screens/mission/editor';
import { describeError } from '../screens/errors';
import { formatBytes, formatDate } from '../screens/format';
import type { SyncEngine, SyncStatus } from '../sync/engine';
import type { Queries } from '../store/engine/queries';

export function SyncPanel({ engine, status, onClose }: { engine: SyncEngine; status: SyncStatus | null; onClose(): void }) {
  const { t, lang } = useI18n();
  const { store, version, summary } = useEditor();
  const [state, setState] = useState<ReturnType<Queries['syncStatus']> | null>(null);
  const [storage, setStorage] = useState<{ usage: number; quota: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let gone = false;
    void store.read('syncStatus', undefined as never).then((s) => !gone && setState(s));
    void storageEstimate().then((s) => !gone && setStorage(s));
    return () => {
      gone = true;
    };
  }, [store, version, status]);

  const exportFile = async () => {
    setError(null);
    try {
      const bytes = await store.export();
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/geopackage+sqlite3' }));
      link.download = `${String(summary.mission.reference ?? 'mission')}.gpkg`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 30_000);
    } catch (e) {
      setError(describeError(e, t));
    }
  };

  const waiting = (state?.byState.pending ?? 0) + (state?.byState.sent ?? 0);
  const localFiles = state?.files.find((f) => f.state === 'local');
  return (
    <section className="sync-panel" data-testid="sync-panel">
      <header className="panel-head"><h2>{t('sync.title')}</h2><button type="button" className="close" onClick={onClose} aria-label={t('app.close')}>×</button></header>
      <p data-testid="sync-state">{status ? t(`sync.state.${status.state}`) : ''}{status?.retryAt ? ` · ${t('sync.retryAt', { time: formatDate(new Date(status.retryAt).toISOString(), lang) })}` : ''}</p>
      {status?.lastError && <p className="muted">{status.lastError}</p>}
      <dl className="facts">
        <div><dt>{t('sync.waiting')}</dt><dd data-testid="sync-waiting">{waiting}</dd></div>
        <div><dt>{t('sync.files')}</dt><dd data-testid="sync-files">{Number(localFiles?.n ?? 0)} · {formatBytes(Number(localFiles?.bytes ?? 0), lang)}</dd></div>
        <div><dt>{t('sync.lastPush')}</dt><dd>{state?.lastPushAt ? formatDate(state.lastPushAt, lang) : '—'}</dd></div>
        <div><dt>{t('sync.lastPull')}</dt><dd>{state?.lastPullAt ? formatDate(state.lastPullAt, lang) : '—'}</dd></div>
        {storage && <div><dt>{t('sync.storage')}</dt><dd>{formatBytes(storage.usage, lang)} / {formatBytes(storage.quota, lang)}</dd></div>}
      </dl>
      {state && state.layoutRevision && state.serverLayoutRevision && state.layoutRevision !== state.serverLayoutRevision && (
        <p className="notice" role="status">{t('sync.layoutChanged')}</p>
      )}
      <button type="button" className="primary big" onClick={() => void engine.run()} disabled={!navigator.onLine} data-testid="sync-now">{t('sync.now')}</button>
      {state && state.rejected.length > 0 && (
        <>
          <h3>{t('sync.rejected', { count: state.rejected.length })}</h3>
          <ul className="rejected">
            {state.rejected.map((r) => (
              <li key={String(r.seq)}>{String(r.table_name)} · {String(r.op)} — {String((r.result as { message?: string } | null)?.message ?? '')}</li>
            ))}
          </ul>
        </>
      )}
      <h3>{t('sync.export')}</h3>
      <p className="muted">{t('sync.exportHelp')}</p>
      <button type="button" onClick={() => void exportFile()} data-testid="export">{t('sync.exportButton')}</button>
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  );
}
