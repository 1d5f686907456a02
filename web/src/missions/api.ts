import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Board, Conflict, Intervention, Mission, MissionActivity, MissionCreate, MissionUpdate, MissionWriteResult, NotificationList, User, WeekRoutes,
} from '@calepin/core';
import { api } from '../api/http';
import type { Page } from '../api/queries';

export type MissionWrite = MissionWriteResult;
export type Activity = MissionActivity;
export type MissionStatus = Mission['status'];

export interface MissionFilters { q?: string; status?: string; auditType?: string; plantId?: string; limit?: number; offset?: number }

export const useMissions = (filters: MissionFilters) =>
  useQuery({
    queryKey: ['missions', filters],
    queryFn: () => api<Page<Mission>>('/missions', { query: { ...filters } }),
    placeholderData: keepPreviousData,
  });

export const useMission = (id: string | undefined) =>
  useQuery({ queryKey: ['mission', id], queryFn: () => api<Mission>(`/missions/${id}`), enabled: Boolean(id) });

/** The order and mails come from background jobs: polled while something is on its way. */
export const useActivity = (id: string) =>
  useQuery({
    queryKey: ['mission-activity', id],
    queryFn: () => api<Activity>(`/missions/${id}/activity`),
    refetchInterval: (query) => {
      const data = query.state.data;
      const busy = !data || data.documents.length === 0 || data.mails.some((m) => m.status === 'queued' || m.status === 'sending');
      return busy ? 3000 : false;
    },
  });

/** Staff who can be put on a mission (admins list users; others use the board's technicians). */
export const useStaff = () =>
  useQuery({
    queryKey: ['staff'],
    queryFn: async () => {
      const today = new Date().toISOString().slice(0, 10);
      const board = await api<Board>('/planning/board', { query: { from: today, to: today } });
      return board.technicians;
    },
    staleTime: 60_000,
  });

export function useSaveMission(id: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MissionCreate | MissionUpdate) =>
      id ? api<MissionWrite>(`/missions/${id}`, { method: 'PATCH', body }) : api<MissionWrite>('/missions', { method: 'POST', body }),
    onSuccess: (mission) => {
      queryClient.setQueryData(['mission', mission.id], mission);
      void queryClient.invalidateQueries({ queryKey: ['missions'] });
      void queryClient.invalidateQueries({ queryKey: ['mission-activity', mission.id] });
    },
  });
}

export function useMissionStatus(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (status: MissionStatus) => api<MissionWrite>(`/missions/${id}/status`, { method: 'POST', body: { status } }),
    onSuccess: (mission) => {
      queryClient.setQueryData(['mission', id], mission);
      void queryClient.invalidateQueries({ queryKey: ['missions'] });
      void queryClient.invalidateQueries({ queryKey: ['mission-activity', id] });
    },
  });
}

export const safetyDefaults = (auditTypes: readonly string[], plantId: string | undefined) =>
  api<{ text: string }>('/missions/safety-defaults', { query: { auditTypes, plantId } });

export interface BoardFilters { from: string; to: string; auditType?: string; clientId?: string; region?: string }

export const useBoard = (filters: BoardFilters) =>
  useQuery({ queryKey: ['board', filters], queryFn: () => api<Board>('/planning/board', { query: { ...filters } }), placeholderData: keepPreviousData });

export interface Slot { missionId: string; technicianId: string; start: string; end: string; interventionId?: string }

export const checkSlot = (slot: Slot, signal?: AbortSignal) =>
  api<{ conflicts: Conflict[] }>('/planning/check', { method: 'POST', body: slot, signal });

/** Saves a slot: a new booking, or a moved / stretched / reassigned one. */
export const saveSlot = (slot: Slot) =>
  slot.interventionId
    ? api<Intervention>(`/interventions/${slot.interventionId}`, { method: 'PATCH', body: { technicianId: slot.technicianId, start: slot.start, end: slot.end } })
    : api<Intervention>(`/missions/${slot.missionId}/interventions`, { method: 'POST', body: { technicianId: slot.technicianId, start: slot.start, end: slot.end } });

export const useWeekRoutes = (week: string) =>
  useQuery({ queryKey: ['week-routes', week], queryFn: () => api<WeekRoutes>('/planning/week-routes', { query: { week } }) });

export const useNotifications = (enabled: boolean) =>
  useQuery({ queryKey: ['notifications'], queryFn: () => api<NotificationList>('/notifications'), enabled, refetchInterval: 60_000 });

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/notifications/read', { method: 'POST', body: {} }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

export type { Board, Conflict, Intervention, Mission, User };
