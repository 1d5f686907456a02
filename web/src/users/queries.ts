import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UserCreate, UserUpdate } from '@calepin/core';
import { queryKeys as keys } from '@calepin/map-kit/api';
import { api } from '../api/http';

export const useUsers = (params: { q?: string; role?: 'admin' | 'manager' | 'technician' | 'client'; limit: number; offset: number }) =>
  useQuery({ queryKey: keys.users(params), queryFn: () => api.get('/users', { query: params }), placeholderData: keepPreviousData });

export const useUser = (userId: string | undefined) =>
  useQuery({
    queryKey: keys.user(userId),
    queryFn: () => api.get('/users/{userId}', { path: { userId: userId as string } }),
    enabled: Boolean(userId),
  });

function useInvalidateUsers() {
  const queryClient = useQueryClient();
  return () => Promise.all([keys.users(), keys.user()].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

export function useSaveUser(userId: string | undefined) {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (body: UserCreate | UserUpdate) =>
      userId ? api.patch('/users/{userId}', { path: { userId }, body }) : api.post('/users', { body: body as UserCreate }),
    onSuccess: invalidate,
  });
}

export function useDeleteUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (userId: string) => api.delete('/users/{userId}', { path: { userId } }),
    onSuccess: invalidate,
  });
}
