// A module's status in each audit of its plant, in the module panel of the web report.
import { useTranslation } from 'react-i18next';
import { ErrorMessage, StatusBadge } from '../components/ui';
import { formatDate } from '../format';
import { useModuleHistory } from './api';

export function ModuleHistoryList({ plantId, moduleId }: { plantId: string; moduleId: string }) {
  const { t } = useTranslation();
  const history = useModuleHistory(plantId, moduleId);
  return (
    <>
      <h3>{t('webReport.history.title')}</h3>
      <ErrorMessage error={history.error} />
      <ol className="module-history" data-testid="module-history">
        {history.data?.audits.map((a) => (
          <li key={a.auditId}>
            <span>{t(`auditTypes.${a.auditType}`)} · {formatDate(a.at)}</span>
            {a.status ? <StatusBadge status={a.status} /> : <span className="muted">{t('webReport.history.notInspected')}</span>}
          </li>
        ))}
      </ol>
    </>
  );
}
