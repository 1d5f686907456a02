// Work zones and progress on the tablet (issue 17): the team's and each zone's progress,
// the technician's own zone first, and — for the mission's lead — drawing a zone corner by
// corner on the map, naming it and giving it to technicians. A zone is a synced row
// (mission_zones): drawn offline it is pushed when the network returns.
import { useState } from 'react';
import { SEVERITIES, SEVERITY_COLORS, type Severity } from '@calepin/core';
import { ringCrosses } from '@calepin/core/sync';
import { useI18n } from '../i18n';
import { useEditor } from '../screens/mission/editor';
import { describeError } from '../screens/errors';
import type { LocalProgress, ZoneProgress } from '../store/engine/progress';

type Position = [number, number];

interface Props {
  progress: LocalProgress | null;
  self: string | null;
  /** The technician is the mission's lead (or the office): zones are theirs to draw. */
  plans: boolean;
  /** The team's live colours, by user id. */
  colourOf(userId: string): string;
  /** The outline being drawn (corners tapped on the map), or null when not drawing. */
  draft: Position[] | null;
  onDraft(draft: Position[] | null): void;
  onFocus(bbox: [number, number, number, number]): void;
  onClose(): void;
}

type Form = { id: string | null; name: string; assignees: string[]; outline: Position[] | null };

/** One decimal, rounded down: a zone is never shown done before it is. */
const pct = (done: number, modules: number) => (modules ? Math.floor((1000 * done) / modules) / 10 : 0);

export function ZonesPanel({ progress, self, plans, colourOf, draft, onDraft, onFocus, onClose }: Props) {
  const { t } = useI18n();
  const editor = useEditor();
  const [form, setForm] = useState<Form | null>(null);
  const [error, setError] = useState<string | null>(null);
  const members = editor.summary.members;
  const zones = [...(progress?.zones ?? [])].sort((a, b) =>
    Number(b.assigneeIds.includes(self ?? '')) - Number(a.assigneeIds.includes(self ?? '')) || a.name.localeCompare(b.name, undefined, { numeric: true }));

  const closed = draft && draft.length >= 3 ? [...draft, draft[0] as Position] : null;
  const crossing = closed ? ringCrosses(closed) : false;

  const save = async () => {
    if (!form) return;
    setError(null);
    try {
      if (form.id === null && form.outline) {
        await editor.apply([{
          table: 'mission_zones', op: 'create', key: { id: crypto.randomUUID() },
          values: { name: form.name.trim(), assignee_ids: form.assignees, geom: { type: 'Polygon', coordinates: [form.outline] } },
        }]);
      } else if (form.id) {
        const before = zones.find((z) => z.id === form.id);
        const values: Record<string, unknown> = {};
        if (before?.name !== form.name.trim()) values.name = form.name.trim();
        if (JSON.stringify(before?.assigneeIds ?? []) !== JSON.stringify(form.assignees)) values.assignee_ids = form.assignees;
        if (Object.keys(values).length) await editor.apply([{ table: 'mission_zones', op: 'patch', key: { id: form.id }, values }]);
      }
      setForm(null);
      onDraft(null);
    } catch (e) {
      setError(describeError(e, t));
    }
  };

  const remove = async (zone: ZoneProgress) => {
    if (!window.confirm(t('zones.confirmDelete', { name: zone.name }))) return;
    try {
      await editor.apply([{ table: 'mission_zones', op: 'delete', key: { id: zone.id } }]);
      setForm(null);
    } catch (e) {
      setError(describeError(e, t));
    }
  };

  if (form) {
    return (
      <section data-testid="zone-form">
        <div className="panel-head"><h2>{form.id ? t('zones.edit') : t('zones.draw')}</h2></div>
        <label>{t('zones.name')}
          <input data-testid="zone-name" value={form.name} maxLength={100} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        <fieldset className="zone-assignees">
          <legend>{t('zones.assignees')}</legend>
          {members.map((m) => (
            <label key={m.user_id} className="check">
              <input type="checkbox" data-testid={`assign-${m.user_id}`} checked={form.assignees.includes(m.user_id)}
                onChange={(e) => setForm({ ...form, assignees: e.target.checked ? [...form.assignees, m.user_id] : form.assignees.filter((id) => id !== m.user_id) })} />
              <span className="swatch" style={{ background: colourOf(m.user_id) }} />{m.user_name}
            </label>
          ))}
        </fieldset>
        {error && <p className="error" role="alert">{error}</p>}
        <div className="actions">
          <button type="button" className="primary" data-testid="zone-save" disabled={!form.name.trim()} onClick={() => void save()}>{t('app.save')}</button>
          <button type="button" onClick={() => { setForm(null); onDraft(null); }}>{t('zones.cancel')}</button>
          {form.id && <button type="button" className="danger" onClick={() => void remove(zones.find((z) => z.id === form.id) as ZoneProgress)}>{t('app.delete')}</button>}
        </div>
      </section>
    );
  }

  if (draft) {
    return (
      <section data-testid="zone-drawing">
        <div className="panel-head"><h2>{t('zones.draw')}</h2></div>
        <p>{t('zones.drawHelp')}</p>
        <p className="muted" data-testid="zone-points">{t('zones.points', { n: draft.length })}</p>
        {crossing && <p className="error" role="alert">{t('zones.crossing')}</p>}
        {draft.length < 3 && draft.length > 0 && <p className="muted">{t('zones.tooFew')}</p>}
        <div className="actions">
          <button type="button" className="primary" data-testid="zone-finish" disabled={!closed || crossing}
            onClick={() => setForm({ id: null, name: t('zones.defaultName', { n: zones.length + 1 }), assignees: [], outline: closed })}>
            {t('zones.finish')}
          </button>
          <button type="button" disabled={draft.length === 0} onClick={() => onDraft(draft.slice(0, -1))}>{t('zones.undoPoint')}</button>
          <button type="button" onClick={() => onDraft(null)}>{t('zones.cancel')}</button>
        </div>
      </section>
    );
  }

  const name = (id: string) => members.find((m) => m.user_id === id)?.user_name ?? '?';
  return (
    <section data-testid="zones">
      <div className="panel-head">
        <h2>{t('zones.title')}</h2>
        <button type="button" className="close" onClick={onClose} aria-label={t('app.close')}>×</button>
      </div>
      {progress && (
        <div className="zone-card team-progress" data-testid="team-progress">
          <h3>{t('zones.team')}</h3>
          <Progress done={progress.team.done} modules={progress.team.modules} />
          <Defects counts={progress.team.defects} />
        </div>
      )}
      {plans
        ? <button type="button" className="big" data-testid="zone-draw" onClick={() => onDraft([])}>{t('zones.draw')}</button>
        : zones.length === 0 && <p className="muted">{t('zones.leadOnly')}</p>}
      {zones.length === 0 && <p className="muted">{t('zones.none')}</p>}
      <ul className="plain zone-list">
        {zones.map((z) => (
          <li key={z.id} className={`zone-card${z.assigneeIds.includes(self ?? '') ? ' mine' : ''}`} data-testid={`zone-${z.name}`}
            style={{ borderLeftColor: z.assigneeIds[0] ? colourOf(z.assigneeIds[0]) : '#64748b' }}>
            <h3>{z.name}{z.assigneeIds.includes(self ?? '') && <span className="badge mine-badge">{t('zones.mine')}</span>}</h3>
            <p className="muted">
              {z.assigneeIds.length
                ? z.assigneeIds.map((id) => <span key={id} className="assignee"><span className="swatch" style={{ background: colourOf(id) }} />{name(id)}</span>)
                : t('zones.unassigned')}
            </p>
            <Progress done={z.done} modules={z.modules} />
            <Defects counts={z.defects} />
            <div className="actions">
              <button type="button" onClick={() => onFocus(z.bbox)}>{t('zones.show')}</button>
              {plans && <button type="button" onClick={() => setForm({ id: z.id, name: z.name, assignees: z.assigneeIds, outline: null })}>{t('zones.edit')}</button>}
            </div>
          </li>
        ))}
      </ul>
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  );
}

function Progress({ done, modules }: { done: number; modules: number }) {
  const { t } = useI18n();
  return (
    <div className="zone-progress" data-testid="zone-progress" data-done={done} data-modules={modules}>
      <progress max={Math.max(modules, 1)} value={done} />
      <span>{t('zones.done', { done, modules, pct: pct(done, modules) })}</span>
    </div>
  );
}

function Defects({ counts }: { counts: Record<Severity, number> }) {
  const { t } = useI18n();
  return (
    <p className="zone-defects" data-testid="zone-defects" data-urgent={counts.urgent} aria-label={t('zones.defects', counts)}>
      {[...SEVERITIES].reverse().map((s) => (
        <span key={s} className="severity-chip" style={{ borderColor: SEVERITY_COLORS[s] }}>
          <span className="swatch" style={{ background: SEVERITY_COLORS[s] }} />{t(`severity.${s}`)} {counts[s]}
        </span>
      ))}
    </p>
  );
}
