import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { STATUS_COLORS, type MapStatus } from '@calepin/core';
import { ApiError } from '../api/http';

export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  const text =
    error instanceof ApiError ? (error.status === 404 ? t('error.notFound') : error.message) : t('error.title');
  return (
    <div className="error" role="alert">
      {text}
      {onRetry && (
        <button type="button" className="link" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return <p className="muted" aria-busy="true">{t('common.loading')}</p>;
}

export function Field(props: { label: string; error?: string; hint?: string; children: ReactNode; wide?: boolean }) {
  return (
    <label className={`field${props.error ? ' invalid' : ''}${props.wide ? ' wide' : ''}`}>
      <span className="field-label">{props.label}</span>
      {props.children}
      {props.hint && !props.error && <span className="hint">{props.hint}</span>}
      {props.error && <span className="field-error" role="alert">{props.error}</span>}
    </label>
  );
}

export function StatusSwatch({ status }: { status: MapStatus }) {
  return <span className="swatch" style={{ background: STATUS_COLORS[status] }} aria-hidden="true" />;
}

export function StatusBadge({ status }: { status: MapStatus }) {
  const { t } = useTranslation();
  return (
    <span className="badge" data-status={status}>
      <StatusSwatch status={status} />
      {t(`statuses.${status}`)}
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: 'info' | 'warning' | 'urgent' }) {
  const { t } = useTranslation();
  return <span className={`severity severity-${severity}`}>{t(`severities.${severity}`)}</span>;
}
