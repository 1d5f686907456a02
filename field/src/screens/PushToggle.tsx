// Notifications on this tablet (Web Push, docs/notifications.md): subscribes the device
// with the server's VAPID key and hands the subscription to the server; off unsubscribes.
// The in-app list stays whatever the choice; this only adds the system's notifications.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../app/session';
import { isOnline } from '../device';
import { useI18n } from '../i18n';
import { describeError } from './errors';

type State = 'loading' | 'unsupported' | 'off' | 'on' | 'denied' | 'unavailable';

const supported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

async function registration(): Promise<ServiceWorkerRegistration | null> {
  if (!supported()) return null;
  return (await navigator.serviceWorker.getRegistration()) ?? null;
}

const keyBytes = (key: string) => Uint8Array.from(atob(key.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

/** Unsubscribes this device (at logout: the next person on the tablet must not get the previous one's). */
export async function stopPush(): Promise<void> {
  const subscription = await (await registration())?.pushManager.getSubscription();
  if (!subscription) return;
  await api.post('/push/unsubscribe', { body: { endpoint: subscription.endpoint } }).catch(() => undefined);
  await subscription.unsubscribe();
}

export function PushToggle() {
  const { t } = useI18n();
  const [state, setState] = useState<State>('loading');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void (async () => {
      const reg = await registration();
      if (!reg) return setState('unsupported');
      if (Notification.permission === 'denied') return setState('denied');
      setState((await reg.pushManager.getSubscription()) ? 'on' : 'off');
    })();
  }, []);

  const turnOn = useCallback(async () => {
    setError(null);
    try {
      const reg = await registration();
      if (!reg) return setState('unsupported');
      if (await Notification.requestPermission() !== 'granted') return setState('denied');
      const { publicKey } = await api.get('/push/key');
      if (!publicKey) return setState('unavailable');
      const subscription = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
      const json = subscription.toJSON() as { endpoint: string; expirationTime?: number | null; keys: { p256dh: string; auth: string } };
      await api.post('/push/subscriptions', { body: json });
      setState('on');
    } catch (e) {
      setError(describeError(e, t));
    }
  }, [t]);

  const turnOff = useCallback(async () => {
    setError(null);
    try {
      await stopPush();
      setState('off');
    } catch (e) {
      setError(describeError(e, t));
    }
  }, [t]);

  if (state === 'loading' || state === 'unsupported') return null;
  return (
    <span className="push-toggle" data-testid="push" data-state={state}>
      {state === 'on' && <button type="button" onClick={() => void turnOff()} disabled={!isOnline()}>{t('push.turnOff')}</button>}
      {state === 'off' && <button type="button" onClick={() => void turnOn()} disabled={!isOnline()}>{t('push.turnOn')}</button>}
      {state === 'denied' && <span className="muted">{t('push.denied')}</span>}
      {state === 'unavailable' && <span className="muted">{t('push.unavailable')}</span>}
      {error && <span className="error" role="alert">{error}</span>}
    </span>
  );
}
