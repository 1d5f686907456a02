// Who else is on the mission now, each in their colour (docs/realtime.md §8).
import type { LiveMissionState } from '@calepin/map-kit';
import { useI18n } from '../../i18n';

export function Team({ state, self }: { state: LiveMissionState | null; self: string | null }) {
  const { t } = useI18n();
  const others = [...(state?.presence.values() ?? [])].filter((p) => p.userId !== self && p.state !== 'offline');
  if (!state?.connected || others.length === 0) return null;
  return (
    <ul className="team floating-team" data-testid="team" aria-label={t('live.team')}>
      {others.map((p) => (
        <li key={p.userId} data-testid={`team-${p.userId}`} data-state={p.state} title={t(`live.${p.state}`)}>
          <span className="swatch" style={{ background: p.colour, opacity: p.state === 'idle' ? 0.5 : 1 }} />
          {p.name}
        </li>
      ))}
    </ul>
  );
}
