// The layout editing API (issue 6), as its contract says (docs/layout.md). Every call
// returns the server's answer; the caller refreshes the map and the lists after it.
import type { z } from 'zod';
import type {
  CableCreate as CableCreateSchema, FillArea, InverterCreate as InverterCreateSchema, JunctionBoxCreate as JunctionBoxCreateSchema,
  LayoutCandidates as LayoutCandidatesSchema, TableCreate as TableCreateSchema, WiringWarning as WiringWarningSchema,
} from '@calepin/core';
import { api, apiFile } from '../api/http';
import type { LonLat } from './crs';
import type { FillParams } from './preview';

// Request bodies are typed by core's schemas (the ones the server validates with).
export type TableCreate = z.input<typeof TableCreateSchema>;
export type AreaTable = z.input<typeof FillArea>['table'];
export type InverterCreate = z.input<typeof InverterCreateSchema>;
export type JunctionBoxCreate = z.input<typeof JunctionBoxCreateSchema>;
export type CableCreate = z.input<typeof CableCreateSchema>;
export type WiringWarning = z.infer<typeof WiringWarningSchema>;
export type LayoutCandidates = z.input<typeof LayoutCandidatesSchema>;
export type CableEnd = NonNullable<CableCreate['from']>;
export interface MpptInputBody { index: number; maxStrings?: number; maxVoltageV?: number; maxCurrentA?: number }

export interface Selection { modules: string[]; tables: string[] }

/** The schemes offered; any other scheme with the placeholders of docs/layout.md may be typed. */
export const NUMBERING_SCHEMES = ['T{table}-R{row}-C{col}', 'S{string}-M{index}', 'M{n}'] as const;
export type NumberingOrder = 'row' | 'serpentine';

export const CABLE_KINDS = ['dc_string', 'dc_main', 'ac', 'earth', 'communication'] as const;
export type CableKind = (typeof CABLE_KINDS)[number];

const body = (s: Partial<Selection>) => ({
  ...(s.modules?.length ? { modules: s.modules } : {}),
  ...(s.tables?.length ? { tables: s.tables } : {}),
});

export const layoutApi = (plantId: string) => {
  const base = `/plants/${plantId}`;
  const post = <T = unknown>(path: string, payload: unknown) => api<T>(`${base}${path}`, { method: 'POST', body: payload });
  return {
    createTable: (t: TableCreate) => post('/tables', t),
    fillArea: (area: GeoJSON.Polygon, azimuthDeg: number, pitchM: number, tableGapM: number, table: AreaTable) =>
      post<{ tableCount: number; moduleCount: number }>('/tables/fill-area', { area, azimuthDeg, pitchM, tableGapM, table }),
    placeModule: (center: LonLat, azimuthDeg: number, modelId: string, orientation: FillParams['orientation'], tableId?: string, mounting: { tiltDeg?: number; heightM?: number } = {}) =>
      post('/modules', { center, azimuthDeg, modelId, orientation, ...(tableId ? { tableId } : {}), ...mounting }),
    transform: (s: Selection, move: { translateM?: [number, number]; rotateDeg?: number; pivot?: LonLat }) =>
      post('/layout/transform', { ...body(s), ...move }),
    copy: (s: Selection, translateM: [number, number]) => post('/layout/copy', { ...body(s), translateM }),
    remove: (s: Selection) => post('/layout/delete', body(s)),
    undo: () => post('/layout/undo', {}),
    redo: () => post('/layout/redo', {}),
    number: (scheme: string, order: NumberingOrder, tableIds?: string[]) =>
      post('/numbering', { scheme, order, ...(tableIds?.length ? { tableIds } : {}) }),
    createString: (moduleIds: string[]) => post('/strings', { moduleIds }),
    autoStrings: (modulesPerString: number, order: NumberingOrder, tableIds?: string[]) =>
      post('/strings/auto', { modulesPerString, order, ...(tableIds?.length ? { tableIds } : {}) }),
    patchString: (id: string, changes: { mpptInputId?: string | null; junctionBoxId?: string | null }) =>
      api(`${base}/strings/${id}`, { method: 'PATCH', body: changes }),
    deleteString: (id: string) => api(`${base}/strings/${id}`, { method: 'DELETE' }),
    candidates: (c: LayoutCandidates) => post<{ tableCount: number; moduleCount: number }>('/layout/candidates', c),
    createInverter: (i: InverterCreate) => post('/inverters', i),
    patchInverter: (id: string, changes: Partial<InverterCreate>) => api(`${base}/inverters/${id}`, { method: 'PATCH', body: changes }),
    patchJunctionBox: (id: string, changes: Partial<JunctionBoxCreate>) => api(`${base}/junction-boxes/${id}`, { method: 'PATCH', body: changes }),
    patchCable: (id: string, changes: Partial<CableCreate>) =>
      api<{ cable: { id: string; lengthM: number | null } }>(`${base}/cables/${id}`, { method: 'PATCH', body: changes }),
    deleteInverter: (id: string) => api(`${base}/inverters/${id}`, { method: 'DELETE' }),
    createJunctionBox: (j: JunctionBoxCreate) => post('/junction-boxes', j),
    deleteJunctionBox: (id: string) => api(`${base}/junction-boxes/${id}`, { method: 'DELETE' }),
    createCable: (c: CableCreate) => post<GeoJSON.Feature>('/cables', c),
    deleteCable: (id: string) => api(`${base}/cables/${id}`, { method: 'DELETE' }),
    warnings: () => api<WiringWarning[]>(`${base}/wiring/warnings`),
    singleLine: (inverterId: string, lang: string) => apiFile(`/api/v1${base}/inverters/${inverterId}/single-line.svg?lang=${lang}`),
    missionPackage: () => apiFile(`/api/v1${base}/mission-package.gpkg`),
  };
};
export type LayoutApi = ReturnType<typeof layoutApi>;

/** Every feature of a layer, page after page (the `next` links). */
export async function allFeatures<P = Record<string, unknown>>(
  plantId: string, layer: string, options: { bbox?: string; pageSize?: number; signal?: AbortSignal; onPage?(features: GeoJSON.Feature<GeoJSON.Geometry, P>[]): void } = {},
): Promise<GeoJSON.Feature<GeoJSON.Geometry, P>[]> {
  const out: GeoJSON.Feature<GeoJSON.Geometry, P>[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await api<GeoJSON.FeatureCollection<GeoJSON.Geometry, P> & { links?: { rel: string; href: string }[] }>(
      `/plants/${plantId}/${layer}`,
      { query: { limit: options.pageSize ?? 10_000, after, bbox: options.bbox }, signal: options.signal },
    );
    out.push(...page.features);
    options.onPage?.(page.features);
    const next = page.links?.find((l) => l.rel === 'next');
    if (!next || page.features.length === 0) return out;
    after = String(page.features[page.features.length - 1]?.id ?? new URL(next.href, window.location.origin).searchParams.get('after'));
  }
}
