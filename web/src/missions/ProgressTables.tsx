// The dashboard's two tables: the work zones (a click flies the map to one) with the modules
// outside every zone, and the people of the team. Who is on the mission now comes from the
// live state: a dot in their colour, faded when idle or offline.
import { useTranslation } from 'react-i18next';
import type { Bbox, MissionProgress, RtPresence } from '@calepin/core';
import type { LiveMissionState } from '@calepin/map-kit';
import { formatNumber } from '../format';
import { Meter, SeverityCounts } from './Meter';
import { zoneSwatch } from './zone-colours';

const NOBODY = '#cbd5e1';

function Person({ userId, name, live }: { userId: string; name: string; live: LiveMissionState | null }) {
  const { t } = useTranslation();
  // Presence once they connected; before that, the team's colour from the join state.
  const presence: RtPresence | undefined = live?.presence.get(userId);
  const member = live?.members.get(userId);
  const state = presence?.state ?? member?.state ?? 'unknown';
  return (
    <span className="person" data-testid={`person-${userId}`} data-state={state} title={t(`progress.presence.${state}`)}>
      <span className="dot" style={{ background: presence?.colour ?? member?.colour ?? NOBODY, opacity: state === 'active' ? 1 : 0.45 }} />
      {name}
    </span>
  );
}

export function ZonesTable({ progress, live, onFocus }: { progress: MissionProgress; live: LiveMissionState | null; onFocus(bbox: Bbox): void }) {
  const { t } = useTranslation();
  const { zones, outside } = progress;
  return (
    <table className="list compact zones-table" data-testid="zones-table">
      <thead>
        <tr>
          <th>{t('progress.zone')}</th><th>{t('progress.technicians')}</th><th>{t('progress.modules')}</th><th>{t('progress.defects')}</th>
        </tr>
      </thead>
      <tbody>
        {zones.map((z) => (
          <tr key={z.id} data-testid={`zone-${z.id}`} data-zone={z.name} data-done={z.done} data-modules={z.modules}>
            <td>
              <button type="button" className="link zone-name" onClick={() => onFocus(z.bbox as Bbox)} title={t('progress.flyTo', { name: z.name })}>
                <span className="swatch" style={{ background: zoneSwatch(z.modules ? z.done / z.modules : 0), borderColor: '#1e3a8a' }} />
                {z.name}
              </button>
            </td>
            <td>
              {z.assignees.length === 0 ? <span className="muted">{t('progress.nobody')}</span>
                : z.assignees.map((a) => <Person key={a.userId} userId={a.userId} name={a.name} live={live} />)}
            </td>
            <td className="meter-cell"><Meter done={z.done} total={z.modules} /></td>
            <td><SeverityCounts counts={z.defects} /></td>
          </tr>
        ))}
        <tr className="outside" data-testid="zone-outside" data-done={outside.done} data-modules={outside.modules}>
          <td><em>{t('progress.outside')}</em></td>
          <td />
          <td className="meter-cell"><Meter done={outside.done} total={outside.modules} /></td>
          <td className="muted">—</td>
        </tr>
      </tbody>
    </table>
  );
}

export function PeopleTable({ progress, live }: { progress: MissionProgress; live: LiveMissionState | null }) {
  const { t } = useTranslation();
  const zoneName = new Map(progress.zones.map((z) => [z.id, z.name]));
  return (
    <table className="list compact people-table" data-testid="people-table">
      <thead>
        <tr>
          <th>{t('progress.name')}</th><th>{t('progress.role')}</th>
          <th className="num">{t('progress.results')}</th><th className="num">{t('progress.found')}</th><th>{t('progress.theirZones')}</th>
        </tr>
      </thead>
      <tbody>
        {progress.people.map((p) => (
          <tr key={p.userId} data-testid={`member-${p.userId}`}>
            <td><Person userId={p.userId} name={p.name} live={live} /></td>
            <td>{t(`progress.roles.${p.role}`)}</td>
            <td className="num" data-testid="member-results">{formatNumber(p.results)}</td>
            <td className="num" data-testid="member-defects">{formatNumber(p.defects)}</td>
            <td>{p.zones.map((id) => zoneName.get(id) ?? '?').join(', ') || <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
