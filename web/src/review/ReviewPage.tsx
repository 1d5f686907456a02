// The back-office review of an audit (issue 16): its defects on the map and in a table,
// photos beside them, accept / correct / reject; the mission's checklist answers, its
// conflicts with their revert, and "mark the mission done" after the integrity check.
import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { MAP_STATUSES, type Bbox } from '@calepin/core';
import { useModuleDetail, usePlant, useWebConfig } from '../api/queries';
import { canManage, useAuth } from '../auth/session';
import { ErrorMessage, Loading } from '../components/ui';
import { formatDate, formatNumber } from '../format';
import { PlantMap } from '../map/PlantMap';
import { ChecklistPanel } from './ChecklistPanel';
import { CompletionPanel } from './CompletionPanel';
import { ConflictsPanel } from './ConflictsPanel';
import { DefectDetail } from './DefectDetail';
import { DefectsTable } from './DefectsTable';
import { type Defect, type DefectFilters, useAudit, useConflicts, useDefects, useValidateAudit } from './queries';
import './review.css';

const TABS = ['defects', 'checklist', 'conflicts', 'completion'] as const;
type Tab = (typeof TABS)[number];

export function ReviewPage() {
  const { t } = useTranslation();
  const { auditId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const { user } = useAuth();
  const office = canManage(user?.role);
  const audit = useAudit(auditId);
  const plant = usePlant(audit.data?.plantId);
  const config = useWebConfig();
  const missionId = audit.data?.missionId ?? null;
  const conflicts = useConflicts(missionId);
  const validate = useValidateAudit();
  const [filters, setFilters] = useState<DefectFilters>({ limit: 50, offset: 0 });
  const defects = useDefects(auditId, filters);
  const [focus, setFocus] = useState<Bbox | null>(null);

  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'defects';
  const selectedId = params.get('defect');
  const selected = defects.data?.items.find((d) => d.id === selectedId) ?? null;
  const detail = useModuleDetail(audit.data?.plantId ?? '', selected?.moduleId ?? null, auditId);
  const filter = useMemo(() => ({ statuses: [...MAP_STATUSES] }), []);

  const set = (changes: Record<string, string | null>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      return next;
    }, { replace: true });

  const pick = (d: Defect) => {
    set({ defect: d.id, tab: 'defects' });
    const [x, y] = d.geom.coordinates as [number, number];
    setFocus([x - 0.00005, y - 0.00004, x + 0.00005, y + 0.00004]);
  };

  if (audit.isPending || (audit.data && plant.isPending)) return <Loading />;
  if (audit.error) return <ErrorMessage error={audit.error} />;
  if (plant.error) return <ErrorMessage error={plant.error} />;
  const a = audit.data;
  const p = plant.data;
  if (!p) return <Loading />;

  return (
    <div className="review-page" data-testid="review-page">
      <header className="review-head">
        <p className="crumbs"><Link to={`/plants/${p.id}`}>← {p.name}</Link></p>
        <h1>{t('review.title', { type: t(`auditTypes.${a.auditType}`) })}</h1>
        <p>
          {t(`history.auditStatuses.${a.status}`)} · {formatDate(a.startedAt)} ·{' '}
          {t('review.progress', { inspected: formatNumber(a.counts.inspected), modules: formatNumber(a.counts.modules) })} ·{' '}
          {t('review.counts', { defects: formatNumber(a.counts.defects), photos: formatNumber(a.counts.photos), pending: formatNumber(a.counts.photosPending) })}
        </p>
        <p className={a.validatedAt ? 'ok-text' : 'muted'} data-testid="validation">
          {a.validatedAt ? t('review.validated', { name: a.validatedBy, date: formatDate(a.validatedAt) }) : t('review.notValidated')}
          {office && (
            <button type="button" onClick={() => validate.mutate({ auditId, validated: !a.validatedAt })} disabled={validate.isPending} data-testid="validate">
              {a.validatedAt ? t('review.unvalidate') : t('review.validate')}
            </button>
          )}
        </p>
        <ErrorMessage error={validate.error} />
      </header>
      <div className="review-map">
        <PlantMap
          plant={p}
          config={config.data}
          audit={auditId}
          filter={filter}
          showDefects
          highlight={detail.data ?? null}
          focus={focus}
          onSelect={(moduleId) => {
            const hit = defects.data?.items.find((d) => d.moduleId === moduleId);
            if (hit) pick(hit);
          }}
        />
      </div>
      <div className="review-panel">
        <nav className="tabs" role="tablist">
          {TABS.map((name) => (
            <button key={name} type="button" role="tab" aria-selected={tab === name} className={tab === name ? 'active' : undefined} onClick={() => set({ tab: name })} data-testid={`tab-${name}`}>
              {t(`review.tabs.${name}`, { count: conflicts.data?.items.filter((c) => !c.revertedAt).length ?? 0 })}
            </button>
          ))}
        </nav>
        {tab === 'defects' && (
          <>
            <ErrorMessage error={defects.error} />
            {selected ? <DefectDetail key={selected.id} defect={selected} canReview={office} /> : <p className="muted">{t('review.pickDefect')}</p>}
            {defects.data && (
              <DefectsTable items={defects.data.items} total={defects.data.total} filters={filters} selected={selectedId} onFilters={setFilters} onSelect={pick} />
            )}
          </>
        )}
        {tab === 'checklist' && <ChecklistPanel missionId={missionId} />}
        {tab === 'conflicts' && <ConflictsPanel missionId={missionId} canRevert={office} />}
        {tab === 'completion' && <CompletionPanel missionId={missionId} canComplete={office} />}
      </div>
    </div>
  );
}
