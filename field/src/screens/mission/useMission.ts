// Opening a mission's package on the device: its summary, the audit worked on (remembered per
// mission), and an error in the technician's words when it cannot be opened.
import { useEffect, useState } from 'react';
import { useField } from '../../app/store-context';
import { useLatest } from '../../app/useLatest';
import { useI18n } from '../../i18n';
import type { PackageSummary } from '../../store/types';
import { describeError } from '../errors';

const auditKey = (missionId: string) => `calepin.field.audit.${missionId}`;

/** Times of the last open, read by the benchmark and the tests. */
export const openTimings: { openMs: number | null } = { openMs: null };

export function useMission(missionId: string) {
  const { store, user } = useField();
  const { t } = useI18n();
  const [summary, setSummary] = useState<PackageSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [audit, setAuditState] = useState<string | null>(null);
  // The language may change while the mission is open: that must not open the package again.
  const words = useLatest(t);

  useEffect(() => {
    let gone = false;
    const started = performance.now();
    store.open(missionId, user.id).then(
      ({ summary: s }) => {
        if (gone) return;
        openTimings.openMs = performance.now() - started;
        performance.mark('calepin:opened');
        const saved = localStorage.getItem(auditKey(missionId));
        setAuditState(s.audits.find((a) => a.id === saved)?.id ?? s.audits[0]?.id ?? null);
        setSummary(s);
      },
      (e: unknown) => !gone && setError(describeError(e, words.current)),
    );
    return () => {
      gone = true;
    };
  }, [store, missionId, user.id, words]);

  const setAudit = (id: string | null) => {
    if (id) localStorage.setItem(auditKey(missionId), id);
    setAuditState(id);
  };

  return { summary, error, audit, setAudit };
}
