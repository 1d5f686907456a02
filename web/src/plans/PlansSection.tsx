import { useTranslation } from 'react-i18next';
import { ErrorMessage, Loading } from '../components/ui';
import { usePlans } from './api';
import { PlanRow } from './PlanRow';
import { PlanUpload } from './PlanUpload';
import './plans.css';

/** The "Plans" card of a plant's page: the list, and the upload for engineers. */
export function PlansSection({ plantId, editable }: { plantId: string; editable: boolean }) {
  const { t } = useTranslation();
  const plans = usePlans(plantId);
  return (
    <section className="card" data-testid="plans">
      <h2>{t('plans.title')}</h2>
      {plans.isPending && <Loading />}
      <ErrorMessage error={plans.error} />
      {plans.data && (plans.data.items.length === 0
        ? <p className="muted">{t('plans.empty')}</p>
        : (
          <ul className="plans">
            {plans.data.items.map((plan) => <PlanRow key={plan.id} plan={plan} editable={editable} />)}
          </ul>
        ))}
      {editable ? <PlanUpload plantId={plantId} /> : <p className="hint">{t('plans.readOnly')}</p>}
    </section>
  );
}
