import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { type AreaGeometry, DEFAULT_SPECIFIC_YIELD } from '@calepin/core';
import { useArchive, usePlant, useWebConfig } from '../api/queries';
import { canManage, useAuth } from '../auth/session';
import { ErrorMessage, Loading } from '../components/ui';
import { formatDate, formatNumber, formatPower } from '../format';
import { BoundaryEditor } from '../map/BoundaryEditor';
import { PlansSection } from '../plans/PlansSection';
import { PlantDocuments } from './PlantDocuments';
import { PlantHistory } from './PlantHistory';
import { PlantReports } from '../reports/PlantReports';

export function PlantPage() {
  const { t } = useTranslation();
  const { plantId = '' } = useParams();
  const { user } = useAuth();
  const navigate = useNavigate();
  const plant = usePlant(plantId);
  const config = useWebConfig();
  const archive = useArchive('plants');
  const editable = canManage(user?.role);

  if (plant.isPending) return <Loading />;
  if (plant.error) return <ErrorMessage error={plant.error} />;
  const p = plant.data;

  async function doArchive() {
    if (!window.confirm(t('common.confirmArchive', { name: p.name }))) return;
    await archive.mutateAsync(p.id).then(() => navigate('/plants')).catch(() => undefined);
  }

  const facts: [string, string][] = [
    [t('plants.fields.clientId'), p.clientName],
    [t('plants.fields.reference'), p.reference ?? '—'],
    [t('plants.fields.mounting'), t(`mountings.${p.mounting}`)],
    [t('plants.fields.peakKwp'), p.peakKwp !== null ? formatPower(p.peakKwp) : '—'],
    [t('plants.fields.moduleCount'), formatNumber(p.moduleCount)],
    [t('plants.fields.commissioningDate'), formatDate(p.commissioningDate)],
    [t('plants.fields.address'), [p.address, [p.postalCode, p.city].filter(Boolean).join(' '), p.country].filter(Boolean).join(', ')],
    [t('plants.fields.srid'), `EPSG:${p.srid}`],
    [t('plants.fields.tariffEurPerKwh'), p.tariffEurPerKwh !== null ? `${formatNumber(p.tariffEurPerKwh, 4)} €` : '—'],
    [t('plants.fields.specificYieldKwhPerKwp'), p.specificYieldKwhPerKwp !== null
      ? `${formatNumber(p.specificYieldKwhPerKwp, 1)} kWh/kWp`
      : t('plants.specificYieldDefault', { value: formatNumber(DEFAULT_SPECIFIC_YIELD) })],
    [t('plants.fields.timezone'), p.timezone],
  ];

  return (
    <div className="page">
      <p><Link to="/plants">← {t('plants.title')}</Link></p>
      <div className="page-head">
        <h1 data-testid="plant-name">{p.name}</h1>
        <div className="actions">
          <Link className="button primary" to={`/plants/${p.id}/map`}>{t('plants.openMap')}</Link>
          <Link className="button" to={`/plants/${p.id}/3d`} data-testid="open-3d">{t('layout.open3d')}</Link>
          <Link className="button" to={`/plants/${p.id}/report`} data-testid="open-web-report">{t('webReport.open')}</Link>
          {editable && <Link className="button" to={`/plants/${p.id}/layout`} data-testid="open-layout">{t('layout.open')}</Link>}
          {editable && <Link className="button" to={`/plants/${p.id}/edit`}>{t('common.edit')}</Link>}
          {editable && <button type="button" className="danger" onClick={() => void doArchive()}>{t('common.archive')}</button>}
          {!editable && <span className="pill">{t('common.readOnly')}</span>}
        </div>
      </div>
      <ErrorMessage error={archive.error} />
      <div className="grid-2">
        <section className="card">
          <h2>{t('plants.details')}</h2>
          <dl className="props">
            {facts.map(([label, value]) => <div key={label} className="prop"><dt>{label}</dt><dd>{value}</dd></div>)}
          </dl>
          {p.notes && <p className="notes">{p.notes}</p>}
        </section>
        <section className="card">
          <h2>{t('plants.boundary')}</h2>
          <BoundaryEditor
            key={p.updatedAt}
            value={p.boundary as AreaGeometry | null}
            onChange={() => undefined}
            config={config.data}
            center={(p.location?.coordinates as [number, number] | undefined) ?? null}
            readOnly
          />
        </section>
      </div>
      <PlansSection plantId={p.id} editable={editable} />
      <PlantDocuments plantId={p.id} editable={editable} />
      <PlantReports plantId={p.id} />
      <PlantHistory plantId={p.id} />
    </div>
  );
}
