import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Board, Conflict, Intervention, Mission, MissionActivity, MissionCreate, MissionProgress, MissionUpdate, MissionWriteResult, User,
} from '@calepin/core';
import { type Operation, missionEditKeys, queryKeys } from '@calepin/map-kit/api';
import { api } from '../api/http';

export type MissionWrite = MissionWriteResult;
export type Activity = MissionActivity;
export type MissionStatus = Mission['status'];

type ListQuery = NonNullable<Operation<'/missions', 'get'>['parameters']['query']>;
export type MissionFilters = Omit<ListQuery, 'status' | 'auditType'> & { status?: string; auditType?: string };

export const useMissions = (filters: MissionFilters) =>
  useQuery({
    queryKey: queryKeys.missions(filters),
    // The filters come from <select>s of the statuses and audit types themselves.
    queryFn: () => api.get('/missions', { query: filters as ListQuery }),
    placeholderData: keepPreviousData,
  });

// The OpenAPI document words some of the mission's nested fields more loosely than core's
// schemas, which the server answers with (docs/web.md, "Typed API client"): the answers are read as core's types.

export const useMission = (id: string | undefined) =>
  useQuery({
    queryKey: queryKeys.mission(id),
    queryFn: async () => (await api.get('/missions/{missionId}', { path: { missionId: id as string } })) as Mission,
    enabled: Boolean(id),
  });

/** The order and mails come from background jobs: polled while something is on its way. */
export const useActivity = (id: string) =>
  useQuery({
    queryKey: queryKeys.missionActivity(id),
    queryFn: async () => (await api.get('/missions/{missionId}/activity', { path: { missionId: id } })) as Activity,
    refetchInterval: (query) => {
      const data = query.state.data;
      const busy = !data || (data.ordersPrinted && data.documents.length === 0) || data.mails.some((m) => m.status === 'queued' || m.status === 'sending');
      return busy ? 3000 : false;
    },
  });

/** The dashboard's figures: read again on each live change of the mission (useProgressLive), and every minute in case the link is down. */
export const useMissionProgress = (id: string) =>
  useQuery({
    queryKey: queryKeys.missionProgress(id),
    queryFn: async () => (await api.get('/missions/{missionId}/progress', { path: { missionId: id } })) as MissionProgress,
    refetchInterval: 60_000,
    placeholderData: keepPreviousData,
  });

/** Staff who can be put on a mission (admins list users; others use the board's technicians). */
export const useStaff = () =>
  useQuery({
    queryKey: queryKeys.staff(),
    queryFn: async () => {
      const today = new Date().toISOString().slice(0, 10);
      const board = await api.get('/planning/board', { query: { from: today, to: today } });
      return board.technicians;
    },
    staleTime: 60_000,
  });

/** A mission's write answers the mission: the caches of it take it as it is, the rest refetch. */
function useMissionWrite<T>(write: (input: T) => Promise<MissionWrite>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: (mission) => {
      queryClient.setQueryData(queryKeys.mission(mission.id), mission);
      for (const queryKey of missionEditKeys(mission.id).slice(2)) void queryClient.invalidateQueries({ queryKey });
      void queryClient.invalidateQueries({ queryKey: queryKeys.missions() });
    },
  });
}

export const useSaveMission = (id: string | undefined) =>
  useMissionWrite(async (body: MissionCreate | MissionUpdate) =>
    (id
      ? await api.patch('/missions/{missionId}', { path: { missionId: id }, body })
      : await api.post('/missions', { body: body as MissionCreate })) as MissionWrite);

export const useMissionStatus = (id: string) =>
  useMissionWrite(async (status: MissionStatus) =>
    (await api.post('/missions/{missionId}/status', { path: { missionId: id }, body: { status } })) as MissionWrite);

export const safetyDefaults = (auditTypes: MissionCreate['auditTypes'], plantId: string | undefined) =>
  api.get('/missions/safety-defaults', { query: { auditTypes: auditTypes.join(','), plantId } });

/** The order PDF of a version, in a language. */
export const orderPdf = (missionId: string, version: number, lang: string) =>
  api.blob('/missions/{missionId}/order.pdf', { path: { missionId }, query: { version, lang: lang as 'fr' | 'en' } });

/** What the form offers for the plant: its areas, checklist templates and plans. */
export const useMissionChoices = (plantId: string | undefined) =>
  useQuery({
    queryKey: queryKeys.missionChoices(plantId),
    queryFn: () => api.get('/plants/{plantId}/mission-choices', { path: { plantId: plantId as string } }),
    enabled: Boolean(plantId),
  });

type BoardQuery = NonNullable<Operation<'/planning/board', 'get'>['parameters']['query']>;
export type BoardFilters = Omit<BoardQuery, 'auditType'> & { auditType?: string };

export const useBoard = (filters: BoardFilters) =>
  useQuery({
    queryKey: queryKeys.board(filters),
    queryFn: async () => (await api.get('/planning/board', { query: filters as BoardQuery })) as Board,
    placeholderData: keepPreviousData,
  });

export interface Slot { missionId: string; technicianId: string; start: string; end: string; interventionId?: string }

export const checkSlot = async (slot: Slot, signal?: AbortSignal) =>
  (await api.post('/planning/check', { body: slot, signal })) as { conflicts: Conflict[] };

/** Saves a slot: a new booking, or a moved / stretched / reassigned one. */
export const saveSlot = async (slot: Slot) => {
  const body = { technicianId: slot.technicianId, start: slot.start, end: slot.end };
  return (slot.interventionId
    ? await api.patch('/interventions/{interventionId}', { path: { interventionId: slot.interventionId }, body })
    : await api.post('/missions/{missionId}/interventions', { path: { missionId: slot.missionId }, body })) as Intervention;
};

export const useWeekRoutes = (week: string) =>
  useQuery({ queryKey: queryKeys.weekRoutes(week), queryFn: () => api.get('/planning/week-routes', { query: { week } }) });

export const useNotifications = (enabled: boolean) =>
  useQuery({ queryKey: queryKeys.notifications(), queryFn: () => api.get('/notifications'), enabled, refetchInterval: 60_000 });

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post('/notifications/read', { body: {} }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.notifications() }),
  });
}

export type { Board, Conflict, Intervention, Mission, MissionProgress, User };
