import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { api, saveBlob } from '../api/http';
import { ErrorMessage } from '../components/ui';
import { formatDate, formatNumber } from '../format';
import { useDeletePlan, usePatchPlan } from './api';
import { formatMetres } from './format';
import { JobProgress } from './JobProgress';
import { LayerChooser } from './LayerChooser';
import type { Plan } from './types';

/** One plan of the list: its state, and what an engineer can do with it. */
export function PlanRow({ plan, editable }: { plan: Plan; editable: boolean }) {
  const { t } = useTranslation();
  const patch = usePatchPlan();
  const remove = useDeletePlan();
  // The warped plan as its Cloud Optimized GeoTIFF, to open in QGIS.
  const geotiff = useMutation({
    mutationFn: async () => saveBlob(await api.blob('/plans/{planId}/geotiff', { path: { planId: plan.id } }), `${plan.name}.tif`),
  });
  const ready = plan.status === 'needs_georeferencing' || plan.status === 'georeferenced';

  const choosePage = (page: number) => patch.mutate({ id: plan.id, patch: { page } });
  // The running job (reading the upload or a page, warping): its progress, until it ends.
  const jobId = plan.job?.id ?? null;

  return (
    <li className="plan" data-testid={`plan-${plan.id}`} data-status={plan.status}>
      <div className="plan-head">
        <strong className="plan-name">{plan.name}</strong>
        {plan.format && <span className="pill">{plan.format.toUpperCase()}</span>}
        <span className={`pill plan-status-${plan.status}`} data-testid="plan-status">{t(`plans.statuses.${plan.status}`)}</span>
        {plan.georef && (
          <span className="muted">
            {t(`plans.methods.${plan.georef.method}`)} · EPSG:{plan.georef.srid}
            {plan.georef.rmsM != null && ` · ${t('plans.rms', { value: formatMetres(plan.georef.rmsM) })}`}
          </span>
        )}
        <span className="muted plan-meta">
          {plan.width && plan.height ? `${formatNumber(plan.width)} × ${formatNumber(plan.height)} px · ` : ''}
          {formatDate(plan.createdAt)}
        </span>
      </div>
      {plan.error && <div className="error" role="alert">{plan.error.message}</div>}
      {plan.status === 'processing' && !jobId && <p className="muted" aria-busy="true">{t('plans.processing')}</p>}
      {jobId && <JobProgress key={jobId} jobId={jobId} />}
      <div className="actions">
        {plan.pageCount != null && plan.pageCount > 1 && (
          <label className="check">
            {t('plans.page')}
            <select value={plan.page} disabled={!editable || patch.isPending} data-testid="plan-page"
              onChange={(e) => choosePage(Number(e.target.value))}>
              {Array.from({ length: plan.pageCount ?? 1 }, (_, i) => i + 1).map((n) => (
                <option key={n} value={n}>{t('plans.pageOf', { page: n, pages: plan.pageCount })}</option>
              ))}
            </select>
          </label>
        )}
        {editable && ready && (
          <Link className={`button${plan.status === 'needs_georeferencing' ? ' primary' : ''}`}
            to={`/plants/${plan.plantId}/plans/${plan.id}/georeference`} data-testid="plan-georeference">
            {plan.status === 'needs_georeferencing' ? t('plans.georeference') : t('plans.regeoreference')}
          </Link>
        )}
        {plan.status === 'georeferenced' && (
          <Link className="button" to={`/plants/${plan.plantId}/map`}>{t('plans.showOnMap')}</Link>
        )}
        {plan.status === 'georeferenced' && (
          <button type="button" disabled={geotiff.isPending} onClick={() => geotiff.mutate()} data-testid="plan-geotiff">
            {t('plans.downloadGeotiff')}
          </button>
        )}
        {editable && (
          <button type="button" className="link danger-text" disabled={remove.isPending}
            onClick={() => window.confirm(t('plans.confirmRemove', { name: plan.name })) && remove.mutate(plan.id)}>
            {t('plans.remove')}
          </button>
        )}
      </div>
      {plan.kind === 'vector' && (plan.layers?.length ?? 0) > 0 && <LayerChooser plan={plan} editable={editable} />}
      <ErrorMessage error={patch.error ?? remove.error ?? geotiff.error} />
    </li>
  );
}
