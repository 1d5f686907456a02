import { type FormEvent, useState } from 'react';
import type { SessionUser } from '@calepin/core';
import { ApiError } from '@calepin/map-kit/api';
import { login } from '../app/session';
import { useI18n } from '../i18n';
import { LanguageSwitch } from './LanguageSwitch';

/** The one screen that needs the network: the first login on this device (or a new one after the session ended). */
export function Login({ onDone }: { onDone(user: SessionUser): void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      onDone(await login(String(form.get('email')), String(form.get('password'))));
    } catch (e) {
      setError(e instanceof ApiError && e.status === 0 ? t('login.offline') : (e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form onSubmit={submit} className="card">
        <h1>{t('app.name')}</h1>
        <p className="muted">{t('login.intro')}</p>
        <label>{t('login.email')}<input name="email" type="email" autoComplete="username" required /></label>
        <label>{t('login.password')}<input name="password" type="password" autoComplete="current-password" required /></label>
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" className="primary big" disabled={busy}>{busy ? t('login.submitting') : t('login.submit')}</button>
        <LanguageSwitch />
      </form>
    </main>
  );
}
