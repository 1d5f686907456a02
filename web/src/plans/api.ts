import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/http';
import type { GeorefBody, Job, Plan, PlanAccepted, PlanPatch } from './types';

const ACTIVE: ReadonlySet<string> = new Set(['queued', 'active']);

/** The plans of a plant; polled while one of them is still being processed. */
export const usePlans = (plantId: string) =>
  useQuery({
    queryKey: ['plans', plantId],
    queryFn: () => api<{ items: Plan[] }>(`/plants/${plantId}/plans`),
    refetchInterval: (query) => (query.state.data?.items.some((p) => p.status === 'processing' || p.job) ? 2000 : false),
  });

export const usePlan = (planId: string) =>
  useQuery({
    queryKey: ['plan', planId],
    queryFn: () => api<Plan>(`/plans/${planId}`),
    refetchInterval: (query) => (query.state.data?.status === 'processing' || query.state.data?.job ? 2000 : false),
  });

/** A background job, polled every second until it ends. */
export const useJob = (jobId: string | null) =>
  useQuery({
    queryKey: ['job', jobId],
    queryFn: () => api<Job>(`/jobs/${jobId}`),
    enabled: Boolean(jobId),
    refetchInterval: (query) => (!query.state.data || ACTIVE.has(query.state.data.state) ? 1000 : false),
  });

function useRefreshPlans() {
  const client = useQueryClient();
  return (plan?: Plan) =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['plans'] }),
      plan ? client.setQueryData(['plan', plan.id], plan) : client.invalidateQueries({ queryKey: ['plan'] }),
    ]);
}

/** PATCH /plans/{id}: a new page may start a job, then named in plan.job. */
export function usePatchPlan() {
  const refresh = useRefreshPlans();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: PlanPatch }) => api<Plan>(`/plans/${id}`, { method: 'PATCH', body: patch }),
    onSuccess: (plan) => refresh(plan),
  });
}

export function useDeletePlan() {
  const refresh = useRefreshPlans();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/plans/${id}`, { method: 'DELETE' }),
    onSuccess: () => refresh(),
  });
}

export function useSaveGeoreference(planId: string) {
  const refresh = useRefreshPlans();
  return useMutation({
    mutationFn: (body: GeorefBody) => api<PlanAccepted>(`/plans/${planId}/georeference`, { method: 'PUT', body }),
    onSuccess: (answer) => refresh(answer.plan),
  });
}
