import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanOverlay } from '@calepin/map-kit';
import { ErrorMessage } from '../../components/ui';
import { formatPercent } from '../../format';
import { usePatchPlan } from '../api';

interface Props {
  overlays: PlanOverlay[];
  names: Record<string, string>;
  /** Engineers save the opacity with the plan; others change it for themselves only. */
  editable: boolean;
  onChange(id: string, change: Partial<Pick<PlanOverlay, 'opacity' | 'visible'>>): void;
}

/** The georeferenced plans of the plant map: a visibility toggle and an opacity slider each. */
export function PlanOverlayControls({ overlays, names, editable, onChange }: Props) {
  const { t } = useTranslation();
  const patch = usePatchPlan();
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((timer) => clearTimeout(timer));
  }, []);

  const setOpacity = (id: string, opacity: number) => {
    onChange(id, { opacity });
    if (!editable) return;
    clearTimeout(timers.current.get(id));
    timers.current.set(id, setTimeout(() => patch.mutate({ id, patch: { opacity } }), 400));
  };

  return (
    <fieldset className="filters plan-overlays" data-testid="plan-overlays">
      <legend>{t('plans.overlay.title')}</legend>
      {overlays.length === 0 ? <p className="muted">{t('plans.overlay.none')}</p> : (
        <ul>
          {overlays.map((o) => (
            <li key={o.id} data-testid={`overlay-${o.id}`}>
              <label className="check">
                <input type="checkbox" checked={o.visible} onChange={(e) => onChange(o.id, { visible: e.target.checked })}
                  aria-label={t('plans.overlay.visible', { name: names[o.id] })} data-testid="overlay-visible" />
                <span>{names[o.id]}</span>
                <span className="muted">{formatPercent(o.opacity)}</span>
              </label>
              <input type="range" min={0} max={1} step={0.05} value={o.opacity} disabled={!o.visible}
                onChange={(e) => setOpacity(o.id, Number(e.target.value))}
                aria-label={t('plans.overlay.opacity', { name: names[o.id] })} data-testid="overlay-opacity" />
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage error={patch.error} />
    </fieldset>
  );
}
