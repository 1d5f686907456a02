import { type ReactNode, useEffect, useState } from 'react';
import type { ApiClient } from '@calepin/map-kit/api';
import { useTranslation } from 'react-i18next';
import type { ModuleDetail } from '@calepin/core';
import { api } from '../api/http';
import { ErrorMessage, Loading, SeverityBadge, StatusBadge } from '../components/ui';
import { formatDate, formatNumber, formatWp } from '../format';

type Photo = ModuleDetail['defects'][number]['photos'][number];

function PhotoThumb({ photo, client }: { photo: Photo; client: ApiClient }) {
  const { t } = useTranslation();
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let href: string | null = null;
    client.linked(photo.url)
      .then((blob) => {
        href = URL.createObjectURL(blob);
        setSrc(href);
      })
      .catch(() => setFailed(true));
    return () => {
      if (href) URL.revokeObjectURL(href);
    };
  }, [photo.url, client]);
  const label = `${t(`photoCategories.${photo.category}`)}${photo.caption ? ` — ${photo.caption}` : ''}`;
  return (
    <figure className="photo">
      {src ? (
        <a href={src} target="_blank" rel="noreferrer"><img src={src} alt={label} /></a>
      ) : (
        <div className="photo-placeholder">{failed ? t('module.photoMissing') : '…'}</div>
      )}
      <figcaption>{label}</figcaption>
    </figure>
  );
}

interface Props {
  detail: ModuleDetail | undefined;
  loading: boolean;
  error: unknown;
  onClose(): void;
  /** Who fetches the photos: the signed-in user, or a web report's share link. */
  client?: ApiClient;
  /** More about the module, after its defects (the web report: its history). */
  children?: ReactNode;
}

export function ModulePanel({ detail, loading, error, onClose, client = api, children }: Props) {
  const { t } = useTranslation();
  return (
    <aside className="side-panel" data-testid="module-panel" aria-label={detail ? t('module.title', { code: detail.code }) : undefined}>
      <button type="button" className="close" onClick={onClose} aria-label={t('common.close')}>×</button>
      {loading && <Loading />}
      <ErrorMessage error={error} />
      {detail && (
        <>
          <h2>{t('module.title', { code: detail.code })}</h2>
          <StatusBadge status={detail.status} />
          <dl className="props">
            <dt>{t('module.string')}</dt>
            <dd data-testid="panel-string">{detail.string?.code ?? '—'}{detail.positionInString ? ` (#${detail.positionInString})` : ''}</dd>
            <dt>{t('module.inverter')}</dt>
            <dd data-testid="panel-inverter">{detail.inverter?.code ?? '—'}</dd>
            <dt>{t('module.table')}</dt>
            <dd>{detail.tableCode ?? '—'}</dd>
            <dt>{t('module.model')}</dt>
            <dd>{detail.model ? `${detail.model.manufacturer} ${detail.model.model} (${formatWp(detail.model.powerWp)})` : '—'}</dd>
          </dl>
          <h3>{t('module.defects')} ({detail.defects.length})</h3>
          {detail.defects.length === 0 && <p className="muted">{t('module.noDefect')}</p>}
          <ul className="defects" data-testid="panel-defects">
            {detail.defects.map((d) => (
              <li key={d.id} className="defect">
                <div className="defect-head">
                  <strong>{t(`defectTypes.${d.defectType}`)}</strong>
                  <SeverityBadge severity={d.severity} />
                </div>
                <div className="muted">
                  {t(`auditTypes.${d.auditType}`)} · {t('module.observed', { date: formatDate(d.observedAt) })}
                  {d.resolvedAt && ` · ${t('module.resolved', { date: formatDate(d.resolvedAt) })}`}
                </div>
                <div className="defect-meta">
                  <StatusBadge status={d.moduleStatus} />
                  {d.deltaTC !== null && <span>{t('module.deltaT', { value: formatNumber(d.deltaTC, 1) })}</span>}
                  {d.iecClass !== null && <span>{t('module.iecClass', { value: d.iecClass })}</span>}
                </div>
                {d.description && <p>{d.description}</p>}
                {d.photos.length > 0 && (
                  <div className="photos">{d.photos.map((p) => <PhotoThumb key={p.id} photo={p} client={client} />)}</div>
                )}
              </li>
            ))}
          </ul>
          {children}
        </>
      )}
    </aside>
  );
}
