import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/ui';
import { usePatchPlan } from './api';
import type { Plan } from './types';

/** The layers of a vector plan (DXF, DWG), with checkboxes for the ones that hold outlines. */
export function LayerChooser({ plan, editable }: { plan: Plan; editable: boolean }) {
  const { t } = useTranslation();
  const layers = plan.layers ?? [];
  const [chosen, setChosen] = useState<Set<string>>(() => new Set((plan.layers ?? []).filter((l) => l.selected).map((l) => l.name)));
  const patch = usePatchPlan();
  const toggle = (name: string, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(name);
      else next.delete(name);
      return next;
    });

  return (
    <fieldset className="filters layers" data-testid={`plan-layers-${plan.id}`}>
      <legend>{t('plans.layers')}</legend>
      <p className="hint">{t('plans.layersHint')}</p>
      <ul className="plain layer-list">
        {layers.map((layer) => (
          <li key={layer.name}>
            <label className="check">
              <input type="checkbox" checked={chosen.has(layer.name)} disabled={!editable}
                onChange={(e) => toggle(layer.name, e.target.checked)} />
              <span>{layer.name}</span>
              <span className="muted">
                {t('plans.features', { count: layer.featureCount })}
                {layer.geometryTypes.length > 0 && ` · ${layer.geometryTypes.join(', ')}`}
              </span>
            </label>
          </li>
        ))}
      </ul>
      {editable && (
        <div className="actions">
          <button type="button" disabled={patch.isPending} onClick={() => patch.mutate({ id: plan.id, patch: { layers: [...chosen] } })}>
            {patch.isPending ? t('common.saving') : t('plans.saveLayers')}
          </button>
          {patch.isSuccess && <span className="ok-text">{t('common.saved')}</span>}
        </div>
      )}
      <ErrorMessage error={patch.error} />
    </fieldset>
  );
}
