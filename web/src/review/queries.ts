// The review screens' reads and edits (the audit API, docs/sync.md §6–7).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/http';

/** Keys of the review's reads: an edit invalidates them all (`review` prefix). */
export const reviewKeys = {
  all: ['review'] as const,
  audit: (auditId: string) => ['review', 'audit', auditId] as const,
  defects: (auditId: string, filters: object) => ['review', 'defects', auditId, filters] as const,
  checklists: (missionId: string) => ['review', 'checklists', missionId] as const,
  conflicts: (missionId: string) => ['review', 'conflicts', missionId] as const,
  integrity: (missionId: string) => ['review', 'integrity', missionId] as const,
};

export const useAudit = (auditId: string) =>
  useQuery({ queryKey: reviewKeys.audit(auditId), queryFn: () => api.get('/audits/{auditId}', { path: { auditId } }) });

export interface DefectFilters {
  severity?: 'info' | 'warning' | 'urgent';
  review?: 'accepted' | 'corrected' | 'rejected' | 'none';
  limit: number;
  offset: number;
}

export const useDefects = (auditId: string, filters: DefectFilters) =>
  useQuery({
    queryKey: reviewKeys.defects(auditId, filters),
    queryFn: () => api.get('/audits/{auditId}/defects', { path: { auditId }, query: filters }),
    placeholderData: keepPreviousData,
  });

export type Defect = NonNullable<ReturnType<typeof useDefects>['data']>['items'][number];

export const useChecklists = (missionId: string | null) =>
  useQuery({
    queryKey: reviewKeys.checklists(missionId ?? ''),
    queryFn: () => api.get('/missions/{missionId}/checklist-responses', { path: { missionId: missionId as string } }),
    enabled: Boolean(missionId),
  });

export const useConflicts = (missionId: string | null) =>
  useQuery({
    queryKey: reviewKeys.conflicts(missionId ?? ''),
    queryFn: () => api.get('/missions/{missionId}/conflicts', { path: { missionId: missionId as string } }),
    enabled: Boolean(missionId),
  });

export const useIntegrity = (missionId: string | null) =>
  useQuery({
    queryKey: reviewKeys.integrity(missionId ?? ''),
    queryFn: () => api.get('/missions/{missionId}/integrity', { path: { missionId: missionId as string } }),
    enabled: Boolean(missionId),
  });

/** An edit of the review: when it succeeds, everything the review shows is read again. */
function useEdit<A>(run: (args: A) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: run, onSuccess: () => client.invalidateQueries({ queryKey: reviewKeys.all }) });
}

export const useReviewDefect = () =>
  useEdit(({ defectId, decision, note }: { defectId: string; decision: 'accepted' | 'rejected'; note?: string }) =>
    api.post('/defects/{defectId}/review', { path: { defectId }, body: { decision, note } }));

export const useCorrectDefect = () =>
  useEdit(({ defectId, changes }: { defectId: string; changes: { severity?: 'info' | 'warning' | 'urgent'; moduleStatus?: 'ok' | 'inequality' | 'microcracks' | 'dead' | 'string_open' | 'not_connected'; description?: string } }) =>
    api.patch('/defects/{defectId}', { path: { defectId }, body: changes }));

export const useRevertConflict = () =>
  useEdit((conflictId: string) => api.post('/conflicts/{conflictId}/revert', { path: { conflictId } }));

export const useValidateAudit = () =>
  useEdit(({ auditId, validated }: { auditId: string; validated: boolean }) =>
    api.post('/audits/{auditId}/validation', { path: { auditId }, body: { validated } }));

export const useCompleteMission = () =>
  useEdit((missionId: string) => api.post('/missions/{missionId}/completion', { path: { missionId } }));
