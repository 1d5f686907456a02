// A mission's progress for the office (issue 17): the team's, each work zone's (on a map and
// in a table) and each member's, read from GET /missions/{id}/progress again whenever the
// mission's live connection announces a change, and every minute.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bbox, MissionProgress } from '@calepin/core';
import type { LiveMission, LiveMissionState } from '@calepin/map-kit';
import { ErrorMessage, Loading } from '../components/ui';
import { type Mission, useMissionProgress } from './api';
import { Meter, SeverityCounts } from './Meter';
import { PeopleTable, ZonesTable } from './ProgressTables';
import { useProgressLive } from './useProgressLive';
import { ZonesMap } from './ZonesMap';
import './progress.css';

/** The mission's one live connection (opened by the mission page), or null when the mission is not live. */
export interface LiveView {
  mission: LiveMission | null;
  state: LiveMissionState | null;
  version: number;
}

export function ProgressPanel({ mission, live }: { mission: Mission; live: LiveView | null }) {
  const { t } = useTranslation();
  const progress = useMissionProgress(mission.id);
  useProgressLive(live?.mission ?? null, mission.id);
  const [focus, setFocus] = useState<Bbox | null>(null);
  const data = progress.data;
  return (
    <section className="card progress-panel" data-testid="progress" data-live={live?.state?.connected ? 'true' : 'false'}>
      <h2>{t('progress.title')}</h2>
      <ErrorMessage error={progress.error} />
      {!data ? (progress.isPending && <Loading />) : (
        <>
          <TeamSummary progress={data} />
          {live?.state && !live.state.connected && <p className="muted small" role="status">{t('progress.liveOff')}</p>}
          <div className="progress-grid">
            <div>
              <h3>{t('progress.map')}</h3>
              <ZonesMap
                plantId={mission.plantId} audit={data.audits[0]?.id} zones={data.zones} focus={focus}
                team={{ state: live?.state ?? null, version: live?.version ?? 0 }}
              />
            </div>
            <div>
              <h3>{t('progress.zones')}</h3>
              {data.zones.length === 0 && <p className="muted" data-testid="no-zone">{t('progress.noZone')}</p>}
              <ZonesTable progress={data} live={live?.state ?? null} onFocus={(bbox) => setFocus([...bbox] as Bbox)} />
              <h3>{t('progress.people')}</h3>
              <PeopleTable progress={data} live={live?.state ?? null} />
            </div>
          </div>
        </>
      )}
    </section>
  );
}

function TeamSummary({ progress }: { progress: MissionProgress }) {
  const { t } = useTranslation();
  const { team, audits } = progress;
  return (
    <div className="team-progress" data-testid="team-progress">
      <div className="team-meter">
        <strong>{t('progress.team')}</strong>
        <Meter done={team.done} total={team.modules} testId="team-done" large />
      </div>
      <div>
        <strong>{t('progress.openDefects')}</strong>
        <SeverityCounts counts={team.defects} testId="team-defects" labelled />
      </div>
      <p className="muted small">
        {audits.length === 0 ? t('progress.noAudit') : t('progress.counted', { audits: audits.map((a) => t(`auditTypes.${a.auditType}`)).join(', ') })}
      </p>
    </div>
  );
}
