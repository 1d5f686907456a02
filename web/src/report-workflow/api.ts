import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReportDetail } from '@calepin/core';
import { api, saveBlob } from '../api/http';

const key = (reportId: string) => ['report-workflow', reportId] as const;

export const useReport = (reportId: string) =>
  useQuery({ queryKey: key(reportId), queryFn: async () => (await api.get('/reports/{reportId}', { path: { reportId } })) as ReportDetail });

/** A workflow step; its answer is the report as it now stands. */
export function useStep<B>(reportId: string, step: (body: B) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: step, onSuccess: (report) => client.setQueryData(key(reportId), report) });
}

export const validate = (reportId: string) => (body: { signature: string }) =>
  api.post('/reports/{reportId}/validate', { path: { reportId }, body });
export const send = (reportId: string) => (body: { recipients: string[]; attach: boolean; message?: string }) =>
  api.post('/reports/{reportId}/send', { path: { reportId }, body });
export const archive = (reportId: string) => () => api.post('/reports/{reportId}/archive', { path: { reportId } });

export async function downloadVersion(report: ReportDetail, version: number) {
  saveBlob(await api.blob('/reports/{reportId}/versions/{version}/pdf', { path: { reportId: report.id, version } }), `${report.plantName}-v${version}.pdf`);
}

export async function downloadExport(auditId: string, kind: 'xlsx' | 'modules' | 'defects', name: string) {
  const blob = kind === 'xlsx'
    ? await api.blob('/audits/{auditId}/export.xlsx', { path: { auditId } })
    : await api.blob('/audits/{auditId}/export.csv', { path: { auditId }, query: { table: kind } });
  saveBlob(blob, `${name}${kind === 'xlsx' ? '.xlsx' : kind === 'modules' ? '.csv' : '-defects.csv'}`);
}
