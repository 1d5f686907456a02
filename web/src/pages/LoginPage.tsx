import { type FormEvent, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LoginRequest } from '@calepin/core';
import { ApiError } from '../api/http';
import { useWebConfig } from '../api/queries';
import { useAuth } from '../auth/session';
import { LanguageSwitch } from '../components/Layout';
import { ErrorMessage, Field } from '../components/ui';
import { type FieldErrors, validate } from '../forms/validate';

export function LoginPage() {
  const { t } = useTranslation();
  const { user, login } = useAuth();
  const config = useWebConfig();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const next = params.get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';

  if (user) return <Navigate to={target} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const checked = validate(LoginRequest, { email, password });
    if (checked.errors) return setErrors(checked.errors);
    setErrors({});
    setBusy(true);
    try {
      await login(checked.data.email, checked.data.password);
      navigate(target, { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.field) setErrors(error.fieldErrors());
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="login-page">
      <form className="card login" onSubmit={submit} noValidate>
        <div className="login-head">
          <img src="/favicon.svg" alt="" width={40} height={40} />
          <div>
            <h1>{t('app.name')}</h1>
            <p className="muted">{t('app.tagline')}</p>
          </div>
          <LanguageSwitch />
        </div>
        <h2>{t('login.title')}</h2>
        <Field label={t('login.email')} error={errors.email}>
          <input type="email" name="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </Field>
        <Field label={t('login.password')} error={errors.password}>
          <input type="password" name="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <ErrorMessage error={failure} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
        {config.data?.demo && (
        <details className="demo">
          <summary>{t('login.demo')}</summary>
          <ul>
            {['admin', 'manager', 'tech', 'client'].map((who) => (
              <li key={who}>
                <button type="button" className="link" onClick={() => { setEmail(`${who}@calepin.test`); setPassword('calepin-demo'); }}>
                  {who}@calepin.test
                </button>
              </li>
            ))}
          </ul>
        </details>
        )}
      </form>
    </div>
  );
}
