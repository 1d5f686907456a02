import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Client, ClientCreate, ClientUpdate, MapInverters, MapStrings, ModuleDetail, ModuleHits, Plant, PlantCreate,
  PlantDocument, PlantHistory, PlantStatusCounts, PlantUpdate, Stats, WebConfig,
} from './types';
import { api } from './http';

/** A page of a list, as core's page() schema describes it. */
export interface Page<T> { items: T[]; total: number }

export const useWebConfig = () =>
  useQuery({ queryKey: ['config'], queryFn: () => api<WebConfig>('/config'), staleTime: Infinity });

export const useStats = () => useQuery({ queryKey: ['stats'], queryFn: () => api<Stats>('/stats') });

export interface ListParams { q?: string; limit?: number; offset?: number; clientId?: string }

export const useClients = (params: ListParams) =>
  useQuery({
    queryKey: ['clients', params],
    queryFn: () => api<Page<Client>>('/clients', { query: { ...params } }),
    placeholderData: keepPreviousData,
  });

export const useClient = (id: string | undefined) =>
  useQuery({ queryKey: ['client', id], queryFn: () => api<Client>(`/clients/${id}`), enabled: Boolean(id) });

export const usePlants = (params: ListParams) =>
  useQuery({
    queryKey: ['plants', params],
    queryFn: () => api<Page<Plant>>('/plants', { query: { ...params } }),
    placeholderData: keepPreviousData,
  });

export const usePlant = (id: string | undefined) =>
  useQuery({ queryKey: ['plant', id], queryFn: () => api<Plant>(`/plants/${id}`), enabled: Boolean(id) });

export const usePlantHistory = (id: string) =>
  useQuery({ queryKey: ['history', id], queryFn: () => api<PlantHistory>(`/plants/${id}/history`) });

export const useDocuments = (plantId: string) =>
  useQuery({
    queryKey: ['documents', plantId],
    queryFn: () => api<{ items: PlantDocument[] }>(`/plants/${plantId}/documents`),
  });

export interface MapFilters { audit?: string; inverter?: string; string?: string; status?: readonly string[] }

export const useStatusCounts = (plantId: string, filters: MapFilters) =>
  useQuery({
    queryKey: ['status-counts', plantId, filters],
    queryFn: ({ signal }) =>
      api<PlantStatusCounts>(`/plants/${plantId}/map/status-counts`, { query: { ...filters }, signal }),
    placeholderData: keepPreviousData,
  });

export const useInverters = (plantId: string) =>
  useQuery({ queryKey: ['inverters', plantId], queryFn: () => api<MapInverters>(`/plants/${plantId}/map/inverters`) });

export const useStrings = (plantId: string, inverter: string | undefined) =>
  useQuery({
    queryKey: ['strings', plantId, inverter],
    queryFn: () => api<MapStrings>(`/plants/${plantId}/map/strings`, { query: { inverter, limit: 2000 } }),
  });

export const useModuleDetail = (plantId: string, moduleId: string | null, audit: string | undefined) =>
  useQuery({
    queryKey: ['module', plantId, moduleId, audit],
    queryFn: () => api<ModuleDetail>(`/plants/${plantId}/map/modules/${moduleId}`, { query: { audit } }),
    enabled: Boolean(moduleId),
  });

export const searchModules = (plantId: string, q: string, audit: string | undefined, signal?: AbortSignal) =>
  api<ModuleHits>(`/plants/${plantId}/map/modules`, { query: { q, audit, limit: 8 }, signal });

/** Saves (creates or patches) and refreshes every list that may show the change. */
export function useSave<Body, Result>(path: (body: Body) => { path: string; method: 'POST' | 'PATCH' }, invalidate: string[]) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body) => {
      const { path: p, method } = path(body);
      return api<Result>(p, { method, body });
    },
    onSuccess: () => Promise.all(invalidate.map((key) => client.invalidateQueries({ queryKey: [key] }))),
  });
}

export const useSaveClient = (id: string | undefined) =>
  useSave<ClientCreate | ClientUpdate, Client>(
    () => (id ? { path: `/clients/${id}`, method: 'PATCH' } : { path: '/clients', method: 'POST' }),
    ['clients', 'client', 'stats'],
  );

export const useSavePlant = (id: string | undefined) =>
  useSave<PlantCreate | PlantUpdate, Plant>(
    () => (id ? { path: `/plants/${id}`, method: 'PATCH' } : { path: '/plants', method: 'POST' }),
    ['plants', 'plant', 'clients', 'stats'],
  );

export function useArchive(kind: 'clients' | 'plants') {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/${kind}/${id}`, { method: 'DELETE' }),
    onSuccess: () => Promise.all(['clients', 'plants', 'stats'].map((key) => client.invalidateQueries({ queryKey: [key] }))),
  });
}
