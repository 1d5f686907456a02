import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PersonalToken, PersonalTokenCreated, PersonalTokens } from '@calepin/core';
import { api } from '../api/http';

export const useTokens = () => useQuery({ queryKey: ['personal-tokens'], queryFn: () => api<PersonalTokens>('/auth/tokens') });

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; expiresInDays: number | null }) =>
      api<PersonalTokenCreated>('/auth/tokens', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['personal-tokens'] }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (token: PersonalToken) => api<void>(`/auth/tokens/${token.id}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['personal-tokens'] }),
  });
}
