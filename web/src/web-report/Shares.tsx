// The share links of a report's web report, on the report page (/reports/:id), for
// managers: make one (the link shown once, to copy), see them all, revoke one.
import { type FormEvent, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ReportShare, ReportShareCreated } from '@calepin/core';
import { api } from '../api/http';
import { ErrorMessage, Field } from '../components/ui';
import { formatDate } from '../format';

export function Shares({ reportId }: { reportId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const key = ['report-shares', reportId];
  const shares = useQuery({ queryKey: key, queryFn: async () => ((await api.get('/reports/{reportId}/shares', { path: { reportId } })) as { items: ReportShare[] }).items });
  const [label, setLabel] = useState('');
  const [days, setDays] = useState(30);
  const [made, setMade] = useState<ReportShareCreated | null>(null);
  const create = useMutation({
    mutationFn: async () => (await api.post('/reports/{reportId}/shares', { path: { reportId }, body: { label, expiresInDays: days } })) as ReportShareCreated,
    onSuccess: (created) => {
      setMade(created);
      void client.invalidateQueries({ queryKey: key });
    },
  });
  const revoke = useMutation({
    mutationFn: (shareId: string) => api.delete('/reports/{reportId}/shares/{shareId}', { path: { reportId, shareId } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const link = made ? `${window.location.origin}${made.path}` : null;
  return (
    <section className="card" data-testid="report-shares">
      <h2>{t('webReport.shares.title')}</h2>
      <p className="muted">{t('webReport.shares.intro')}</p>
      <form className="share-form" onSubmit={submit}>
        <Field label={t('webReport.shares.label')}>
          <input value={label} maxLength={200} onChange={(e) => setLabel(e.target.value)} data-testid="share-label" />
        </Field>
        <Field label={t('webReport.shares.days')}>
          <input type="number" min={1} max={365} value={days} onChange={(e) => setDays(Number(e.target.value))} data-testid="share-days" />
        </Field>
        <button type="submit" className="primary" disabled={create.isPending} data-testid="share-create">{t('webReport.shares.create')}</button>
      </form>
      <ErrorMessage error={create.error ?? revoke.error} />
      {link && (
        <p className="share-made">
          {t('webReport.shares.created')} <code data-testid="share-link">{link}</code>{' '}
          <button type="button" onClick={() => void navigator.clipboard?.writeText(link)}>{t('webReport.shares.copy')}</button>
        </p>
      )}
      {shares.data?.length === 0 && <p className="muted">{t('webReport.shares.none')}</p>}
      <ul className="share-list" data-testid="share-list">
        {shares.data?.map((s) => (
          <li key={s.id} data-state={s.state}>
            <strong>{s.label || '—'}</strong>{' '}
            <span className={`share-state ${s.state}`}>{t(`webReport.shares.state.${s.state}`)}</span>{' '}
            <span className="muted">{t('webReport.shares.until', { date: formatDate(s.expiresAt) })}{s.createdBy ? ` · ${t('webReport.shares.by', { name: s.createdBy })}` : ''}</span>
            {s.state === 'active' && (
              <button type="button" onClick={() => revoke.mutate(s.id)} disabled={revoke.isPending} data-testid="share-revoke">{t('webReport.shares.revoke')}</button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
