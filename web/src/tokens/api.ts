import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PersonalToken } from '@calepin/core';
import { queryKeys } from '@calepin/map-kit/api';
import { api } from '../api/http';

export const useTokens = () => useQuery({ queryKey: queryKeys.personalTokens(), queryFn: () => api.get('/auth/tokens') });

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; expiresInDays: number | null }) => api.post('/auth/tokens', { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.personalTokens() }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (token: PersonalToken) => api.delete('/auth/tokens/{tokenId}', { path: { tokenId: token.id } }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.personalTokens() }),
  });
}
