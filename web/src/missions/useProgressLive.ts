// The dashboard follows the mission live: each `changes` event of the mission's one live
// connection (a result, a defect, a zone pushed by a tablet or written by the office) reads
// the progress again. A push of a whole batch announces itself once, but several tablets
// syncing together make a burst: the events of 300 ms are answered by one refetch.
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { LiveMission } from '@calepin/map-kit';
import { queryKeys } from '@calepin/map-kit/api';

export const PROGRESS_REFETCH_DELAY_MS = 300;
/** Tables whose changes do not move the progress: a chat message does not. */
const SILENT_TABLES = new Set(['chat_messages', 'chat_reads']);

export function useProgressLive(mission: LiveMission | null, missionId: string): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!mission) return undefined;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stop = mission.onChanges((e) => {
      if (e.data.tables.length > 0 && e.data.tables.every((table) => SILENT_TABLES.has(table))) return;
      // Not reset by later events: the first change of a burst is shown at most 300 ms late.
      timer ??= setTimeout(() => {
        timer = null;
        void queryClient.invalidateQueries({ queryKey: queryKeys.missionProgress(missionId) });
      }, PROGRESS_REFETCH_DELAY_MS);
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, [mission, missionId, queryClient]);
}
