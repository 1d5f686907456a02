import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@calepin/map-kit/api';
import { allFeatures } from './api';

export interface StringProps { code: string; inverterId: string | null; inverterCode: string | null; mpptInputId: string | null; mpptIndex: number | null; junctionBoxId: string | null; moduleCount: number }
export interface InverterProps { code: string; mpptInputs: { id: string; index: number; maxStrings: number | null }[]; stringCount: number }
export interface BoxProps { code: string; inverterId: string | null; inverterCode: string | null }
export interface CableProps { code: string; kind: string; lengthM: number | null }
export interface TableProps { code: string; tiltDeg: number | null; azimuthDeg: number | null; heightM: number | null; moduleCount: number }

type Layers = { strings: StringProps; inverters: InverterProps; 'junction-boxes': BoxProps; cables: CableProps; tables: TableProps };

/** A small layer of the plant (strings, inverters, boxes, cables, tables), every page; refetched after each edit. */
export function useLayer<L extends keyof Layers>(plantId: string, layer: L) {
  return useQuery({
    queryKey: queryKeys.layout(plantId, layer),
    queryFn: ({ signal }) => allFeatures<Layers[L]>(plantId, layer, { signal, pageSize: 5000 }),
  });
}
