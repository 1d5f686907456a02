// The mission's top bar: back, the mission, the audit worked on, module search by code, and
// the buttons of the panels (layers and filters, defects, checklists, chat, sync), night mode, GPS.
import { type FormEvent, useEffect, useState } from 'react';
import type { Panel } from '../MissionScreen';
import { useI18n } from '../../i18n';
import { useField } from '../../app/store-context';
import type { PackageSummary } from '../../store/types';
import type { SyncStatus } from '../../sync/engine';
import { LanguageSwitch } from '../LanguageSwitch';

interface Hit {
  id: string;
  code: string;
  bbox: [number, number, number, number];
}

interface Props {
  summary: PackageSummary;
  audit: string | null;
  onAudit(id: string): void;
  night: boolean;
  onNight(on: boolean): void;
  panel: Panel;
  onPanel(panel: Panel): void;
  sync: SyncStatus | null;
  gps: boolean;
  /** Chat messages after the last one the technician read. */
  unread: number;
  onGps(on: boolean): void;
  onBack(): void;
  onFound(hit: Hit): void;
  view3d: boolean;
  onView3d(on: boolean): void;
}

function SearchBox({ onFound }: { onFound(hit: Hit): void }) {
  const { t } = useI18n();
  const { store } = useField();
  const [text, setText] = useState('');
  const [hits, setHits] = useState<Hit[]>([]);
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    let gone = false;
    if (!text.trim()) return;
    void store.read('searchModules', { prefix: text }).then((found) => {
      if (!gone) setHits(found.filter((h): h is Hit => Boolean(h.bbox)) as Hit[]);
    });
    return () => {
      gone = true;
    };
  }, [store, text]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const exact = hits.find((h) => h.code === text.trim().toUpperCase()) ?? hits[0];
    setMissing(!exact);
    if (exact) {
      onFound(exact);
      setText('');
      setHits([]);
    }
  };

  return (
    <form className="search" onSubmit={submit} role="search">
      <input
        data-testid="module-search" value={text} placeholder={t('search.placeholder')} aria-label={t('search.label')}
        onChange={(e) => { setText(e.target.value); setMissing(false); if (!e.target.value.trim()) setHits([]); }}
        list="module-hits" autoCapitalize="characters"
      />
      <datalist id="module-hits">{text.trim() && hits.map((h) => <option key={h.id} value={h.code} />)}</datalist>
      {missing && <span className="error" role="status">{t('search.none')}</span>}
    </form>
  );
}

export function TopBar(props: Props) {
  const { t } = useI18n();
  const { needsLogin } = useField();
  const { summary, sync } = props;
  const toggle = (kind: NonNullable<Panel>['kind']) => props.onPanel(props.panel?.kind === kind ? null : ({ kind } as Panel));
  const reference = String(summary.mission.reference ?? '');
  const syncLabel = !sync ? '' : needsLogin || sync.state === 'login' ? t('sync.login') : t(`sync.state.${sync.state}`);
  return (
    <header className="bar mission-bar">
      <button type="button" onClick={props.onBack} aria-label={t('app.back')}>‹</button>
      <div className="mission-title"><strong>{reference}</strong> <span className="muted">{summary.plant.name}</span></div>
      <label className="audit-select">
        <span className="sr-only">{t('mission.audit')}</span>
        <select data-testid="audit" value={props.audit ?? ''} onChange={(e) => props.onAudit(e.target.value)}>
          {summary.audits.map((a) => <option key={a.id} value={a.id}>{t(`audit.${a.audit_type}` as never)}</option>)}
        </select>
      </label>
      <SearchBox onFound={props.onFound} />
      <nav className="tools">
        <button type="button" aria-pressed={props.panel?.kind === 'layers'} onClick={() => toggle('layers')}>{t('mission.layers')}</button>
        <button type="button" aria-pressed={props.panel?.kind === 'defects'} onClick={() => toggle('defects')}>{t('mission.defects')}</button>
        <button type="button" aria-pressed={props.view3d} onClick={() => props.onView3d(!props.view3d)} data-testid="open-3d">{t('mission.view3d')}</button>
        <button type="button" aria-pressed={props.panel?.kind === 'zones'} onClick={() => toggle('zones')} data-testid="open-zones">{t('mission.zones')}</button>
        <button type="button" aria-pressed={props.panel?.kind === 'checklists'} onClick={() => toggle('checklists')} data-testid="open-checklists">{t('mission.checklists')}</button>
        <button type="button" aria-pressed={props.panel?.kind === 'chat'} onClick={() => toggle('chat')} data-testid="open-chat">
          {t('mission.chat')}{props.unread > 0 && <span className="badge" data-testid="chat-unread">{props.unread}</span>}
        </button>
        <button type="button" aria-pressed={props.gps} onClick={() => props.onGps(!props.gps)}>{t('mission.gps')}</button>
        <button type="button" className="night-toggle" aria-pressed={props.night} onClick={() => props.onNight(!props.night)} data-testid="night-toggle">{t('mission.night')}</button>
        <button type="button" className={`sync-badge sync-${sync?.state ?? 'idle'}`} aria-pressed={props.panel?.kind === 'sync'} onClick={() => toggle('sync')} data-testid="sync-badge" data-state={sync?.state ?? 'idle'}>
          {syncLabel}
        </button>
        <LanguageSwitch />
      </nav>
    </header>
  );
}
