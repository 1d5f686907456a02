import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '@calepin/map-kit/api';
import type { ClientCreate, ClientUpdate, ModuleDetail, ModuleHits, PlantCreate, PlantUpdate } from './types';
import { api } from './http';

export const useWebConfig = () =>
  useQuery({ queryKey: queryKeys.config(), queryFn: () => api.get('/config'), staleTime: Infinity });

export const useStats = () => useQuery({ queryKey: queryKeys.stats(), queryFn: () => api.get('/stats') });

export interface ListParams { q?: string; limit?: number; offset?: number; clientId?: string }

export const useClients = (params: ListParams) =>
  useQuery({
    queryKey: queryKeys.clients(params),
    queryFn: () => api.get('/clients', { query: params }),
    placeholderData: keepPreviousData,
  });

export const useClient = (id: string | undefined) =>
  useQuery({
    queryKey: queryKeys.client(id),
    queryFn: () => api.get('/clients/{clientId}', { path: { clientId: id as string } }),
    enabled: Boolean(id),
  });

export const usePlants = (params: ListParams) =>
  useQuery({
    queryKey: queryKeys.plants(params),
    queryFn: () => api.get('/plants', { query: params }),
    placeholderData: keepPreviousData,
  });

export const usePlant = (id: string | undefined) =>
  useQuery({
    queryKey: queryKeys.plant(id),
    queryFn: () => api.get('/plants/{plantId}', { path: { plantId: id as string } }),
    enabled: Boolean(id),
  });

export const usePlantHistory = (plantId: string) =>
  useQuery({ queryKey: queryKeys.history(plantId), queryFn: () => api.get('/plants/{plantId}/history', { path: { plantId } }) });

export const useDocuments = (plantId: string) =>
  useQuery({ queryKey: queryKeys.documents(plantId), queryFn: () => api.get('/plants/{plantId}/documents', { path: { plantId } }) });

export interface MapFilters { audit?: string; inverter?: string; string?: string; status?: readonly string[] }

export const useStatusCounts = (plantId: string, filters: MapFilters) =>
  useQuery({
    queryKey: queryKeys.statusCounts(plantId, filters),
    queryFn: ({ signal }) =>
      api.get('/plants/{plantId}/map/status-counts', {
        path: { plantId }, query: { ...filters, status: filters.status?.join(',') }, signal,
      }),
    placeholderData: keepPreviousData,
  });

export const useInverters = (plantId: string) =>
  useQuery({ queryKey: queryKeys.inverters(plantId), queryFn: () => api.get('/plants/{plantId}/map/inverters', { path: { plantId } }) });

/** The outline and extent of one inverter's strings or one string (nothing asked without a filter). */
export const useMapSelection = (plantId: string, inverter: string | undefined, string: string | undefined) =>
  useQuery({
    queryKey: queryKeys.mapSelection(plantId, { inverter, string }),
    queryFn: () => api.get('/plants/{plantId}/map/selection', { path: { plantId }, query: { inverter, string } }),
    enabled: Boolean(inverter || string),
  });

export const useStrings = (plantId: string, inverter: string | undefined) =>
  useQuery({
    queryKey: queryKeys.strings(plantId, inverter),
    queryFn: () => api.get('/plants/{plantId}/map/strings', { path: { plantId }, query: { inverter, limit: 2000 } }),
  });

// The OpenAPI document calls a module's geometry and bbox nullable, because other schemas
// use them `.nullable()` and zod-to-openapi then marks the shared component itself nullable
// (docs/web.md, "Typed API client"); core's schemas, which the server answers with, say they are not.

export const useModuleDetail = (plantId: string, moduleId: string | null, audit: string | undefined) =>
  useQuery({
    queryKey: queryKeys.module(plantId, moduleId, audit),
    queryFn: async () =>
      (await api.get('/plants/{plantId}/map/modules/{moduleId}', { path: { plantId, moduleId: moduleId as string }, query: { audit } })) as ModuleDetail,
    enabled: Boolean(moduleId),
  });

export const searchModules = async (plantId: string, q: string, audit: string | undefined, signal?: AbortSignal) =>
  (await api.get('/plants/{plantId}/map/modules', { path: { plantId }, query: { q, audit, limit: 8 }, signal })) as ModuleHits;

/** Invalidates every list that may show a change (each key a prefix: every page, every filter). */
function useInvalidate(...keys: (readonly unknown[])[]) {
  const client = useQueryClient();
  return () => Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey })));
}

export function useSaveClient(clientId: string | undefined) {
  const invalidate = useInvalidate(queryKeys.clients(), queryKeys.client(), queryKeys.stats());
  return useMutation({
    mutationFn: (body: ClientCreate | ClientUpdate) =>
      clientId ? api.patch('/clients/{clientId}', { path: { clientId }, body }) : api.post('/clients', { body: body as ClientCreate }),
    onSuccess: invalidate,
  });
}

export function useSavePlant(plantId: string | undefined) {
  const invalidate = useInvalidate(queryKeys.plants(), queryKeys.plant(), queryKeys.clients(), queryKeys.stats());
  return useMutation({
    mutationFn: (body: PlantCreate | PlantUpdate) =>
      plantId ? api.patch('/plants/{plantId}', { path: { plantId }, body }) : api.post('/plants', { body: body as PlantCreate }),
    onSuccess: invalidate,
  });
}

export function useArchive(kind: 'clients' | 'plants') {
  const invalidate = useInvalidate(queryKeys.clients(), queryKeys.plants(), queryKeys.stats());
  return useMutation({
    mutationFn: (id: string) =>
      kind === 'clients'
        ? api.delete('/clients/{clientId}', { path: { clientId: id } })
        : api.delete('/plants/{plantId}', { path: { plantId: id } }),
    onSuccess: invalidate,
  });
}
