import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonalTokenCreated } from '@calepin/core';
import { ApiError } from '../api/http';
import { useAuth } from '../auth/session';
import { ErrorMessage, Field, Loading } from '../components/ui';
import { formatDate, formatDateTime } from '../format';
import { useCreateToken, useRevokeToken, useTokens } from './api';
import './tokens.css';

const EXPIRIES = { d30: 30, d90: 90, d365: 365, never: null } as const;
type Expiry = keyof typeof EXPIRIES;

/** The token just made, shown once, with the addresses QGIS needs. */
function NewToken({ created }: { created: PersonalTokenCreated }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [copied, setCopied] = useState(false);
  const xyz = `${window.location.origin}/tiles/plants,modules/{z}/{x}/{y}?token=${created.token}`;
  const copy = () => void navigator.clipboard?.writeText(created.token).then(() => setCopied(true), () => undefined);
  return (
    <div className="card token-new" role="status" data-testid="token-new">
      <p><strong>{t('tokens.created', { name: created.name })}</strong></p>
      <div className="token-value">
        <input type="text" readOnly value={created.token} aria-label={t('tokens.tokenLabel')} data-testid="token-value"
          onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={copy}>{copied ? t('tokens.copied') : t('tokens.copy')}</button>
      </div>
      <h3>{t('tokens.howTo')}</h3>
      <ul className="token-howto">
        <li>{t('tokens.howWfs', { email: user?.email ?? '' })} <code>{window.location.origin}/ogc/wfs</code></li>
        <li>{t('tokens.howXyz')} <code>{xyz}</code></li>
        <li>{t('tokens.howCurl')}</li>
      </ul>
    </div>
  );
}

/** Personal access tokens of the logged-in user: create (shown once), list, revoke. */
export function TokensPage() {
  const { t } = useTranslation();
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState<Expiry>('d365');
  const nameError = create.error instanceof ApiError ? create.error.fieldErrors().name : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name: name.trim(), expiresInDays: EXPIRIES[expiry] }, { onSuccess: () => setName('') });
  }

  return (
    <div className="page" data-testid="tokens-page">
      <div className="page-head"><h1>{t('tokens.title')}</h1></div>
      <p className="muted token-intro">{t('tokens.intro')}</p>
      <form className="card token-form" onSubmit={submit}>
        <Field label={t('tokens.name')} error={nameError}>
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder={t('tokens.namePlaceholder')}
            maxLength={100} required data-testid="token-name" />
        </Field>
        <Field label={t('tokens.expires')}>
          <select value={expiry} onChange={(e) => setExpiry(e.target.value as Expiry)} data-testid="token-expiry">
            {(Object.keys(EXPIRIES) as Expiry[]).map((key) => <option key={key} value={key}>{t(`tokens.expiry.${key}`)}</option>)}
          </select>
        </Field>
        <button type="submit" className="primary" disabled={create.isPending}>{create.isPending ? t('tokens.creating') : t('tokens.create')}</button>
        {!nameError && <ErrorMessage error={create.error} />}
      </form>
      {create.data && <NewToken created={create.data} />}
      <h2>{t('tokens.list')}</h2>
      {tokens.isPending && <Loading />}
      <ErrorMessage error={tokens.error ?? revoke.error} />
      {tokens.data && (tokens.data.items.length === 0 ? <p className="muted">{t('tokens.empty')}</p> : (
        <table className="list" data-testid="tokens-table">
          <thead>
            <tr>
              <th>{t('tokens.name')}</th><th>{t('tokens.prefix')}</th><th>{t('tokens.createdAt')}</th>
              <th>{t('tokens.lastUsed')}</th><th>{t('tokens.expires')}</th><th />
            </tr>
          </thead>
          <tbody>
            {tokens.data.items.map((token) => (
              <tr key={token.id} data-testid="token-row">
                <td>{token.name} <span className="pill">{t('tokens.readOnly')}</span></td>
                <td><code>{token.prefix}…</code></td>
                <td>{formatDate(token.createdAt)}</td>
                <td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t('tokens.never')}</td>
                <td>{token.expiresAt ? formatDate(token.expiresAt) : t('tokens.noExpiry')}</td>
                <td>
                  <button type="button" className="link danger-text" disabled={revoke.isPending}
                    onClick={() => window.confirm(t('tokens.confirmRevoke', { name: token.name })) && revoke.mutate(token)}>
                    {t('tokens.revoke')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}
