// /plants/:plantId/report (a signed-in user: a client on its own plants, staff) and
// /shared/:token (anyone holding a share link, without an account).
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { SharedReport } from '@calepin/core';
import { api } from '../api/http';
import { useWebConfig } from '../api/queries';
import { ErrorMessage, Loading } from '../components/ui';
import { LanguageSwitch } from '../components/Layout';
import { formatDate } from '../format';
import { ShareAccess } from './access';
import { useReportPlant } from './api';
import { WebReport } from './WebReport';

function PlantReport({ plantId }: { plantId: string }) {
  const plant = useReportPlant(plantId);
  // The map is made once from the configuration (its basemap): wait for it too.
  const config = useWebConfig();
  if (plant.isPending || config.isPending) return <Loading />;
  if (plant.error) return <ErrorMessage error={plant.error} />;
  return <WebReport plant={plant.data} config={config.data} />;
}

export function WebReportPage() {
  const { plantId = '' } = useParams();
  return <PlantReport plantId={plantId} />;
}

/** A share link: what it opens first (404 revoked, 410 expired), then the report with its token. */
export function SharedReportPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const shared = useQuery({
    queryKey: ['shared', token], retry: false,
    queryFn: async () => (await api.get('/shared/{token}', { path: { token } })) as SharedReport,
  });
  return (
    <div className="shared-report">
      <header className="shared-head">
        <strong>Calepin</strong>
        {shared.data && <span data-testid="shared-title">{t('webReport.sharedBy', { title: shared.data.reportTitle, date: formatDate(shared.data.expiresAt) })}</span>}
        <LanguageSwitch />
      </header>
      <main>
        {shared.isPending && <Loading />}
        {shared.error && (
          <div data-testid="shared-gone">
            <ErrorMessage error={shared.error} />
            <p className="muted">{t('webReport.shared.gone')}</p>
          </div>
        )}
        {shared.data && (
          <ShareAccess token={token}>
            <PlantReport plantId={shared.data.plantId} />
          </ShareAccess>
        )}
      </main>
    </div>
  );
}
