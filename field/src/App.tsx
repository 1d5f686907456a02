// The field app: log in (once, online), the missions (downloaded ones listed offline too),
// then a mission's screen. The mission open is in the address (?mission=<id>), so a reload —
// offline or not — comes back to it.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SessionUser } from '@calepin/core';
import { setApiLanguage, restoreSession } from './app/session';
import { StoreProvider } from './app/store-context';
import { useI18n } from './i18n';
import { Login } from './screens/Login';
import { Missions } from './screens/Missions';
import { MissionScreen } from './screens/MissionScreen';
import { DeviceStore } from './store/client';
import { serveTilesFrom } from './map/protocol';

declare global {
  interface Window {
    __calepinStore?: DeviceStore;
  }
}

const missionInUrl = () => new URLSearchParams(window.location.search).get('mission');

export function App() {
  const { t, lang } = useI18n();
  const [session, setSession] = useState<{ user: SessionUser | null; needsLogin: boolean } | null>(null);
  const [missionId, setMissionId] = useState<string | null>(missionInUrl);
  const store = useMemo(() => new DeviceStore(), []);

  useEffect(() => {
    setApiLanguage(lang);
    document.documentElement.lang = lang;
  }, [lang]);

  useEffect(() => {
    serveTilesFrom(store);
    // The store is reachable from the browser's console (and the benchmark): it is the tablet's own data.
    window.__calepinStore = store;
    void restoreSession().then(setSession);
    const onPop = () => setMissionId(missionInUrl());
    window.addEventListener('popstate', onPop);
    // Sent to the background (another app, the screen off): the saves in the write-ahead log
    // copied into the package itself (store/engine/open.ts), the log emptied.
    const onHidden = () => { if (document.visibilityState === 'hidden') void store.checkpoint().catch(() => undefined); };
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      window.removeEventListener('popstate', onPop);
      document.removeEventListener('visibilitychange', onHidden);
    };
  }, [store]);

  const open = useCallback((id: string | null) => {
    const url = new URL(window.location.href);
    if (id) url.searchParams.set('mission', id);
    else url.searchParams.delete('mission');
    window.history.pushState(null, '', url);
    setMissionId(id);
  }, []);

  if (!session) return <div className="splash">{t('app.loading')}</div>;
  if (!session.user) return <Login onDone={(user) => setSession({ user, needsLogin: false })} />;
  return (
    <StoreProvider store={store} user={session.user} needsLogin={session.needsLogin} onLogin={(user) => setSession({ user, needsLogin: false })}>
      {missionId ? <MissionScreen missionId={missionId} onBack={() => open(null)} /> : <Missions onOpen={open} onLogout={() => setSession({ user: null, needsLogin: true })} />}
    </StoreProvider>
  );
}
