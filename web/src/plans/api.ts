import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '@calepin/map-kit/api';
import { api } from '../api/http';
import type { GeorefBody, Plan, PlanPatch } from './types';

const ACTIVE: ReadonlySet<string> = new Set(['queued', 'active']);

/** The plans of a plant; polled while one of them is still being processed. */
export const usePlans = (plantId: string) =>
  useQuery({
    queryKey: queryKeys.plans(plantId),
    queryFn: () => api.get('/plants/{plantId}/plans', { path: { plantId } }),
    refetchInterval: (query) => (query.state.data?.items.some((p) => p.status === 'processing' || p.job) ? 2000 : false),
  });

export const usePlan = (planId: string) =>
  useQuery({
    queryKey: queryKeys.plan(planId),
    queryFn: () => api.get('/plans/{planId}', { path: { planId } }),
    refetchInterval: (query) => (query.state.data?.status === 'processing' || query.state.data?.job ? 2000 : false),
  });

/** A background job, polled every second until it ends. */
export const useJob = (jobId: string | null) =>
  useQuery({
    queryKey: queryKeys.job(jobId),
    queryFn: () => api.get('/jobs/{jobId}', { path: { jobId: jobId as string } }),
    enabled: Boolean(jobId),
    refetchInterval: (query) => (!query.state.data || ACTIVE.has(query.state.data.state) ? 1000 : false),
  });

function useRefreshPlans() {
  const client = useQueryClient();
  return (plan?: Plan) =>
    Promise.all([
      client.invalidateQueries({ queryKey: queryKeys.plans() }),
      plan ? client.setQueryData(queryKeys.plan(plan.id), plan) : client.invalidateQueries({ queryKey: queryKeys.plan() }),
    ]);
}

/** PATCH /plans/{id}: a new page may start a job, then named in plan.job. */
export function usePatchPlan() {
  const refresh = useRefreshPlans();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: PlanPatch }) => api.patch('/plans/{planId}', { path: { planId: id }, body: patch }),
    onSuccess: (plan) => refresh(plan),
  });
}

export function useDeletePlan() {
  const refresh = useRefreshPlans();
  return useMutation({
    mutationFn: (planId: string) => api.delete('/plans/{planId}', { path: { planId } }),
    onSuccess: () => refresh(),
  });
}

export function useSaveGeoreference(planId: string) {
  const refresh = useRefreshPlans();
  return useMutation({
    mutationFn: (body: GeorefBody) => api.put('/plans/{planId}/georeference', { path: { planId }, body }),
    onSuccess: (answer) => refresh(answer.plan),
  });
}
