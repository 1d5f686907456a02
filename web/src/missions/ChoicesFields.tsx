import { useTranslation } from 'react-i18next';
import { Loading } from '../components/ui';
import { useMissionChoices } from './api';

export interface Chosen { zoneIds: string[]; checklistTemplateIds: string[]; planIds: string[] }

interface Props {
  plantId: string;
  chosen: Chosen;
  errors: Partial<Record<keyof Chosen, string>>;
  onChange(chosen: Chosen): void;
}

const toggle = (list: string[], id: string) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);

/** The plant's areas to inspect, the checklists to fill and the plans the team takes: what the order names. */
export function ChoicesFields({ plantId, chosen, errors, onChange }: Props) {
  const { t } = useTranslation();
  const choices = useMissionChoices(plantId || undefined);
  const group = (key: keyof Chosen, label: string, empty: string, items: { id: string; label: string }[], hint?: string) => (
    <fieldset className={`field${errors[key] ? ' invalid' : ''}`} data-testid={`choices-${key}`}>
      <legend className="field-label">{label}</legend>
      {!plantId ? <span className="muted">{t('missions.fields.choosePlantFirst')}</span>
        : choices.isPending ? <Loading />
        : items.length === 0 ? <span className="muted">{empty}</span>
        : (
          <div className="checks">
            {items.map((item) => (
              <label key={item.id}><input type="checkbox" checked={chosen[key].includes(item.id)}
                onChange={() => onChange({ ...chosen, [key]: toggle(chosen[key], item.id) })} /> {item.label}</label>
            ))}
          </div>
        )}
      {hint && items.length > 0 && !errors[key] && <span className="hint">{hint}</span>}
      {errors[key] && <span className="field-error" role="alert">{errors[key]}</span>}
    </fieldset>
  );
  const data = choices.data;
  return (
    <>
      {group('zoneIds', t('missions.fields.zones'), t('missions.fields.noZone'),
        (data?.zones ?? []).map((z) => ({ id: z.id, label: z.name ? `${z.code} — ${z.name}` : z.code })), t('missions.fields.zonesHint'))}
      {group('checklistTemplateIds', t('missions.fields.checklists'), t('missions.fields.noChecklist'),
        (data?.checklistTemplates ?? []).map((c) => ({ id: c.id, label: `${c.name} (v${c.version})` })))}
      {group('planIds', t('missions.fields.plans'), t('missions.fields.noPlan'),
        (data?.plans ?? []).map((p) => ({ id: p.id, label: p.name })))}
    </>
  );
}
