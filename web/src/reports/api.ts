import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '@calepin/map-kit/api';
import { api } from '../api/http';

/** A plant's reports; polled while one of them is still waiting for its PDF. */
export const useReports = (plantId: string) =>
  useQuery({
    queryKey: queryKeys.reports(plantId),
    queryFn: () => api.get('/plants/{plantId}/reports', { path: { plantId } }),
    refetchInterval: (query) => (query.state.data?.items.some((r) => !r.hasPdf) ? 2000 : false),
  });

/** The audits a report can be made of: those with module results. */
export const usePlantAudits = (plantId: string) =>
  useQuery({ queryKey: ['plant-audits', plantId], queryFn: () => api.get('/plants/{plantId}/audits', { path: { plantId } }) });

export function useCreateReport(plantId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ auditId, language, withPlans, mapPages }: { auditId: string; language: 'fr' | 'en'; withPlans: boolean; mapPages: 'inverter' | 'zone' }) =>
      api.post('/audits/{auditId}/reports', { path: { auditId }, body: { language, withPlans, mapPages } }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.reports(plantId) }),
  });
}

export const reportPdf = (reportId: string) => api.blob('/reports/{reportId}/pdf', { path: { reportId } });
