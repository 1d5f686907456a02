// The web report's reads, through the page's access (a user or a share link). Query keys
// carry the share token, so that a link's answers never mix with a session's.
import { useQuery } from '@tanstack/react-query';
import type { AuditComparison, AuditModulePage, AuditStatistics, MapStatus, ModuleDetail, ModuleHistory, Plant, PlantStatusCounts, PlantTimeline } from '@calepin/core';
import { saveBlob } from '../api/http';
import { useReportAccess } from './access';

const useKey = (...parts: (string | null | undefined)[]) => ['web-report', useReportAccess().share ?? 'session', ...parts];

export function useReportPlant(plantId: string) {
  const { api } = useReportAccess();
  return useQuery({ queryKey: useKey('plant', plantId), queryFn: async () => (await api.get('/plants/{plantId}', { path: { plantId } })) as Plant });
}

export function useTimeline(plantId: string) {
  const { api } = useReportAccess();
  return useQuery({ queryKey: useKey('timeline', plantId), queryFn: async () => (await api.get('/plants/{plantId}/timeline', { path: { plantId } })) as PlantTimeline });
}

export function useStatistics(auditId: string | undefined) {
  const { api } = useReportAccess();
  return useQuery({
    queryKey: useKey('statistics', auditId), enabled: Boolean(auditId),
    queryFn: async () => (await api.get('/audits/{auditId}/statistics', { path: { auditId: auditId as string } })) as AuditStatistics,
  });
}

/** Modules per status in an audit (the legend's counts; its filter does not change them). */
export function useStatusCounts(plantId: string, audit: string | undefined) {
  const { api } = useReportAccess();
  return useQuery({
    queryKey: useKey('status-counts', plantId, audit), enabled: Boolean(audit),
    queryFn: async () => (await api.get('/plants/{plantId}/map/status-counts', { path: { plantId }, query: { audit } })) as PlantStatusCounts,
  });
}

/** Every module's status in an audit (the 3D view's colours), read in pages of 5,000. */
export function useAuditStatuses(auditId: string | undefined, enabled: boolean) {
  const { api } = useReportAccess();
  return useQuery({
    queryKey: useKey('audit-statuses', auditId), enabled: Boolean(auditId) && enabled,
    queryFn: async ({ signal }) => {
      const statuses = new Map<string, MapStatus>();
      let after: string | undefined;
      do {
        const page = (await api.get('/audits/{auditId}/modules', {
          path: { auditId: auditId as string }, query: { limit: 5000, ...(after ? { after } : {}) }, signal,
        })) as AuditModulePage;
        for (const item of page.items) statuses.set(item.moduleId, item.status);
        after = page.next ?? undefined;
      } while (after);
      return statuses;
    },
  });
}

export function useComparison(auditId: string | undefined, other: string | undefined) {
  const { api } = useReportAccess();
  return useQuery({
    queryKey: useKey('comparison', auditId, other), enabled: Boolean(auditId && other),
    queryFn: async () => (await api.get('/audits/{auditId}/comparison', { path: { auditId: auditId as string }, query: { with: other as string } })) as AuditComparison,
  });
}

export function useModule(plantId: string, moduleId: string | null, audit: string | undefined) {
  const { api } = useReportAccess();
  return useQuery({
    queryKey: useKey('module', plantId, moduleId, audit), enabled: Boolean(moduleId),
    queryFn: async () => (await api.get('/plants/{plantId}/map/modules/{moduleId}', { path: { plantId, moduleId: moduleId as string }, query: { audit } })) as ModuleDetail,
  });
}

export function useModuleHistory(plantId: string, moduleId: string | null) {
  const { api } = useReportAccess();
  return useQuery({
    queryKey: useKey('history', plantId, moduleId), enabled: Boolean(moduleId),
    queryFn: async () => (await api.get('/plants/{plantId}/modules/{moduleId}/history', { path: { plantId, moduleId: moduleId as string } })) as ModuleHistory,
  });
}

export type ExportKind = 'xlsx' | 'modules' | 'defects';

/** Downloads an audit's export with the page's credential (a link cannot carry a bearer). */
export function useDownload() {
  const { api } = useReportAccess();
  return async (auditId: string, kind: ExportKind, name: string) => {
    const blob = kind === 'xlsx'
      ? await api.blob('/audits/{auditId}/export.xlsx', { path: { auditId } })
      : await api.blob('/audits/{auditId}/export.csv', { path: { auditId }, query: { table: kind } });
    saveBlob(blob, `${name}${kind === 'xlsx' ? '.xlsx' : kind === 'modules' ? '.csv' : '-defects.csv'}`);
  };
}
