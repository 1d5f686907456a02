import { useMutation } from '@tanstack/react-query';
import { api } from '../api/http';

export interface Placement {
  project: string;
  location: [number, number];
  azimuthDeg: number;
}

export const usePreview = () =>
  useMutation({
    mutationFn: (body: { filename: string; content: string }) => api.post('/imports/diagpv/preview', { body }),
  });

export const useImport = () =>
  useMutation({
    mutationFn: (body: { filename: string; content: string; placements: Placement[] }) => api.post('/imports/diagpv', { body }),
  });
