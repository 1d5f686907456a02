import { Link, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { MessageKey } from '@calepin/core';
import { useIdle, useLiveMission } from '@calepin/map-kit/react';
import { saveBlob, tokens } from '../api/http';
import { canManage, isStaff, useAuth } from '../auth/session';
import { ErrorMessage, Loading } from '../components/ui';
import { formatBytes, formatDateTime } from '../format';
import { LivePanel } from './LivePanel';
import { ProgressPanel } from './ProgressPanel';
import { type Activity, type Mission, type MissionStatus, orderPdf, useActivity, useMission, useMissionChoices, useMissionStatus } from './api';

/** The status moves a person may make from here (the server checks them again). */
const NEXT: Record<MissionStatus, { to: MissionStatus; label: string }[]> = {
  draft: [{ to: 'planned', label: 'plan' }, { to: 'cancelled', label: 'cancel' }],
  planned: [{ to: 'in_progress', label: 'start' }, { to: 'draft', label: 'backToDraft' }, { to: 'cancelled', label: 'cancel' }],
  in_progress: [{ to: 'done', label: 'finish' }, { to: 'cancelled', label: 'cancel' }],
  done: [],
  cancelled: [],
};

export function MissionPage() {
  const { missionId } = useParams() as { missionId: string };
  const mission = useMission(missionId);
  if (mission.isPending) return <Loading />;
  if (!mission.data) return <ErrorMessage error={mission.error} />;
  return <MissionView mission={mission.data} />;
}

function MissionView({ mission }: { mission: Mission }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const location = useLocation();
  const status = useMissionStatus(mission.id);
  const activity = useActivity(mission.id);
  const manager = canManage(user?.role);
  const justSaved = (status.data?.mail ?? (location.state as { mail?: { configured: boolean; queued: number } } | null)?.mail) ?? null;
  const move = (to: MissionStatus) => {
    if (to === 'cancelled' && !window.confirm(t('missions.actions.confirmCancel', { reference: mission.reference }))) return;
    status.mutate(to);
  };
  return (
    <div className="page" data-testid="mission">
      <div className="page-head">
        <h1>{mission.reference} — {mission.title}</h1>
        <span className={`pill pill-${mission.status}`} data-testid="mission-status">{t(`missions.statuses.${mission.status}`)}</span>
      </div>
      <p className="muted"><Link to={`/plants/${mission.plantId}`}>{mission.plantName}</Link> · {mission.clientName}</p>
      {justSaved && !justSaved.configured && justSaved.queued > 0 && <p className="warning" role="status" data-testid="mail-warning">{t('missions.mails.notConfigured')}</p>}
      {justSaved?.configured && justSaved.queued > 0 && <p className="notice" role="status">{t('missions.mails.queuedAfterSave', { n: justSaved.queued })}</p>}
      {manager && (
        <div className="actions">
          <Link className="button" to={`/missions/${mission.id}/edit`}>{t('common.edit')}</Link>
          {NEXT[mission.status].map((n) => (
            <button key={n.to} type="button" className={n.to === 'planned' ? 'primary' : ''} disabled={status.isPending} onClick={() => move(n.to)}>
              {t(`missions.actions.${n.label}`)}
            </button>
          ))}
          <Link className="button" to={`/planning?mission=${mission.id}`}>{t('missions.actions.plan2')}</Link>
        </div>
      )}
      <ErrorMessage error={status.error} />
      <div className="grid-2">
        <section className="card">
          <dl className="facts">
            <dt>{t('missions.fields.auditTypes')}</dt><dd>{mission.auditTypes.map((a) => t(`auditTypes.${a}`)).join(', ')}</dd>
            <dt>{t('missions.fields.plannedStart')}</dt><dd>{formatDateTime(mission.plannedStart)}</dd>
            <dt>{t('missions.fields.plannedEnd')}</dt><dd>{formatDateTime(mission.plannedEnd)}</dd>
            <dt>{t('missions.fields.estimatedHours')}</dt><dd>{mission.estimatedHours ?? '—'}</dd>
            <dt>{t('missions.fields.team')}</dt>
            <dd>{mission.members.map((m) => `${m.fullName}${m.role === 'lead' ? ` (${t('missions.fields.lead').toLowerCase()})` : ''}`).join(', ') || '—'}</dd>
            {isStaff(user?.role) && <ChosenFacts mission={mission} />}
          </dl>
          <h2>{t('missions.slots.title')}</h2>
          {mission.interventions.length === 0 ? <p className="muted">{t('missions.slots.none')}</p> : (
            <ul className="plain" data-testid="slots">
              {mission.interventions.map((i) => <li key={i.id}>{i.technician} · {formatDateTime(i.start)} → {formatDateTime(i.end)}</li>)}
            </ul>
          )}
          <h2>{t('missions.fields.safety')}</h2><p className="pre">{mission.safetyInstructions ?? '—'}</p>
          <h2>{t('missions.fields.access')}</h2><p className="pre">{mission.accessNotes ?? '—'}</p>
          {mission.notes !== null && <><h2>{t('missions.fields.notes')}</h2><p className="pre">{mission.notes || '—'}</p></>}
        </section>
        <ActivityPanel mission={mission} activity={activity.data} />
      </div>
      {isStaff(user?.role) && (['planned', 'in_progress'].includes(mission.status) ? <LiveMission mission={mission} />
        : mission.status === 'done' && <ProgressPanel mission={mission} live={null} />)}
    </div>
  );
}

/** While the mission is on: one live connection for the page, which the dashboard and the live panel share. */
function LiveMission({ mission }: { mission: Mission }) {
  const live = useLiveMission(tokens, mission.id);
  useIdle(live.mission);
  return (
    <>
      <ProgressPanel mission={mission} live={live} />
      <LivePanel live={live} plantId={mission.plantId} />
    </>
  );
}

function ActivityPanel({ mission, activity }: { mission: Mission; activity: Activity | undefined }) {
  const { t } = useTranslation();
  if (!activity) return <section className="card"><Loading /></section>;
  const versions = [...new Set(activity.documents.map((d) => d.version))];
  const download = async (version: number, lang: string) =>
    saveBlob(await orderPdf(mission.id, version, lang), `${mission.reference}-v${version}-${lang}.pdf`);
  return (
    <section className="card" data-testid="activity">
      <h2>{t('missions.order.title')}</h2>
      {versions.length === 0 ? <p className="muted">{t(activity.ordersPrinted ? 'missions.order.none' : 'missions.order.off')}</p> : (
        <ul className="plain" data-testid="order-versions">
          {versions.map((v) => (
            <li key={v}>
              {t('missions.order.version', { version: v })}
              {activity.documents.filter((d) => d.version === v).map((d) => (
                <button key={d.locale} type="button" className="link" onClick={() => void download(v, d.locale)}>
                  {t('missions.order.download', { lang: d.locale.toUpperCase() })} · {formatBytes(d.sizeBytes)}
                </button>
              ))}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('missions.mails.title')}</h2>
      {activity.mails.some((m) => m.status === 'not_configured') && <p className="warning">{t('missions.mails.notConfigured')}</p>}
      {activity.mails.length === 0 ? <p className="muted">{t('missions.mails.none')}</p> : (
        <table className="list" data-testid="mails">
          <tbody>
            {activity.mails.map((m) => (
              <tr key={m.id}>
                <td>{m.user}<div className="muted">{m.email}</div></td>
                <td>{t(`missions.mails.kinds.${m.kind}`)}</td>
                <td><span className={`pill mail-${m.status}`}>{t(`missions.mails.statuses.${m.status}`)}</span>{m.error && <div className="muted">{m.error}</div>}</td>
                <td>{formatDateTime(m.sentAt ?? m.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('missions.activity.title')}</h2>
      <ol className="timeline">
        {activity.events.map((e, i) => (
          <li key={i}>
            <span className="muted">{formatDateTime(e.at)}</span> · {e.user ?? t('missions.activity.system')} ·{' '}
            {e.kind === 'status'
              ? t('missions.activity.status', { from: t(`missions.statuses.${e.fromStatus as MissionStatus}`), to: t(`missions.statuses.${e.toStatus as MissionStatus}`) })
              : t(`missions.activity.${e.kind}` as MessageKey, { version: e.detail.version as number, kind: t(`missions.mails.kinds.${String(e.detail.kind)}`) })}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The areas, checklists and plans the order names, by their names (what the form offered). */
function ChosenFacts({ mission }: { mission: Mission }) {
  const { t } = useTranslation();
  const choices = useMissionChoices(mission.plantId).data;
  if (!choices) return null;
  const named = (ids: string[], items: { id: string; label: string }[]) =>
    items.filter((item) => ids.includes(item.id)).map((item) => item.label).join(', ') || '—';
  return (
    <>
      <dt>{t('missions.fields.zones')}</dt>
      <dd data-testid="mission-zones">{mission.zoneIds.length === 0 ? t('missions.wholePlant')
        : named(mission.zoneIds, choices.zones.map((z) => ({ id: z.id, label: z.name ? `${z.code} — ${z.name}` : z.code })))}</dd>
      <dt>{t('missions.fields.checklists')}</dt>
      <dd>{named(mission.checklistTemplateIds, choices.checklistTemplates.map((c) => ({ id: c.id, label: `${c.name} (v${c.version})` })))}</dd>
      <dt>{t('missions.fields.plans')}</dt>
      <dd>{named(mission.planIds, choices.plans.map((p) => ({ id: p.id, label: p.name })))}</dd>
    </>
  );
}
