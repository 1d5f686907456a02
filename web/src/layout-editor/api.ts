// The layout editing API (issue 6), as its contract says (docs/layout.md), through the typed
// client: paths, bodies and answers are the server's declarations. Every call returns the
// server's answer; the caller refreshes the map and the lists after it.
import type { z } from 'zod';
import type {
  CableCreate as CableCreateSchema, FillArea, InverterCreate as InverterCreateSchema, JunctionBoxCreate as JunctionBoxCreateSchema,
  LayoutCandidates as LayoutCandidatesSchema, TableCreate as TableCreateSchema, WiringWarning as WiringWarningSchema,
} from '@calepin/core';
import type { LonLat } from '@calepin/map-kit';
import type { ApiClient } from '@calepin/map-kit/api';
import { api } from '../api/http';
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

const body = (s: Partial<Selection>) => ({
  ...(s.modules?.length ? { modules: s.modules } : {}),
  ...(s.tables?.length ? { tables: s.tables } : {}),
});

export const layoutApi = (plantId: string) => {
  const path = { plantId };
  return {
    createTable: (t: TableCreate) => api.post('/plants/{plantId}/tables', { path, body: t }),
    fillArea: (area: GeoJSON.Polygon, azimuthDeg: number, pitchM: number, tableGapM: number, table: AreaTable) =>
      api.post('/plants/{plantId}/tables/fill-area', { path, body: { area, azimuthDeg, pitchM, tableGapM, table } }),
    placeModule: (center: LonLat, azimuthDeg: number, modelId: string, orientation: FillParams['orientation'], tableId?: string, mounting: { tiltDeg?: number; heightM?: number } = {}) =>
      api.post('/plants/{plantId}/modules', { path, body: { center, azimuthDeg, modelId, orientation, ...(tableId ? { tableId } : {}), ...mounting } }),
    transform: (s: Selection, move: { translateM?: [number, number]; rotateDeg?: number; pivot?: LonLat }) =>
      api.post('/plants/{plantId}/layout/transform', { path, body: { ...body(s), ...move } }),
    copy: (s: Selection, translateM: [number, number]) => api.post('/plants/{plantId}/layout/copy', { path, body: { ...body(s), translateM } }),
    remove: (s: Selection) => api.post('/plants/{plantId}/layout/delete', { path, body: body(s) }),
    /** `editId`: the edit the screen shows as the one to undo (redo); the server replays only that one. */
    undo: (editId?: string) => api.post('/plants/{plantId}/layout/undo', { path, body: editId ? { editId } : {} }),
    redo: (editId?: string) => api.post('/plants/{plantId}/layout/redo', { path, body: editId ? { editId } : {} }),
    history: () => api.get('/plants/{plantId}/layout/history', { path }),
    number: (scheme: string, order: NumberingOrder, tableIds?: string[]) =>
      api.post('/plants/{plantId}/numbering', { path, body: { scheme, order, ...(tableIds?.length ? { tableIds } : {}) } }),
    createString: (moduleIds: string[]) => api.post('/plants/{plantId}/strings', { path, body: { moduleIds } }),
    autoStrings: (modulesPerString: number, order: NumberingOrder, tableIds?: string[]) =>
      api.post('/plants/{plantId}/strings/auto', { path, body: { modulesPerString, order, ...(tableIds?.length ? { tableIds } : {}) } }),
    patchString: (stringId: string, changes: { mpptInputId?: string | null; junctionBoxId?: string | null }) =>
      api.patch('/plants/{plantId}/strings/{stringId}', { path: { plantId, stringId }, body: changes }),
    deleteString: (stringId: string) => api.delete('/plants/{plantId}/strings/{stringId}', { path: { plantId, stringId } }),
    candidates: (c: LayoutCandidates) => api.post('/plants/{plantId}/layout/candidates', { path, body: c }),
    createInverter: (i: InverterCreate) => api.post('/plants/{plantId}/inverters', { path, body: i }),
    patchInverter: (inverterId: string, changes: Partial<InverterCreate>) =>
      api.patch('/plants/{plantId}/inverters/{inverterId}', { path: { plantId, inverterId }, body: changes }),
    patchJunctionBox: (junctionBoxId: string, changes: Partial<JunctionBoxCreate>) =>
      api.patch('/plants/{plantId}/junction-boxes/{junctionBoxId}', { path: { plantId, junctionBoxId }, body: changes }),
    patchCable: (cableId: string, changes: Partial<CableCreate>) =>
      api.patch('/plants/{plantId}/cables/{cableId}', { path: { plantId, cableId }, body: changes }),
    deleteInverter: (inverterId: string) => api.delete('/plants/{plantId}/inverters/{inverterId}', { path: { plantId, inverterId } }),
    createJunctionBox: (j: JunctionBoxCreate) => api.post('/plants/{plantId}/junction-boxes', { path, body: j }),
    deleteJunctionBox: (junctionBoxId: string) => api.delete('/plants/{plantId}/junction-boxes/{junctionBoxId}', { path: { plantId, junctionBoxId } }),
    createCable: (c: CableCreate) => api.post('/plants/{plantId}/cables', { path, body: c }),
    deleteCable: (cableId: string) => api.delete('/plants/{plantId}/cables/{cableId}', { path: { plantId, cableId } }),
    warnings: () => api.get('/plants/{plantId}/wiring/warnings', { path }),
    singleLine: (inverterId: string, lang: 'fr' | 'en') =>
      api.blob('/plants/{plantId}/inverters/{inverterId}/single-line.svg', { path: { plantId, inverterId }, query: { lang } }),
    missionPackage: () => api.blob('/plants/{plantId}/mission-package.gpkg', { path }),
  };
};
export type LayoutApi = ReturnType<typeof layoutApi>;

/** The layers read page by page as GeoJSON (GET /plants/{id}/{layer}). */
export type FeatureLayer = 'tables' | 'modules' | 'strings' | 'inverters' | 'junction-boxes' | 'cables';

/** Every feature of a layer, page after page (keyset pages: the last feature's id is the next cursor). */
export async function allFeatures<P = Record<string, unknown>>(
  plantId: string, layer: FeatureLayer,
  options: {
    bbox?: string; pageSize?: number; signal?: AbortSignal; onPage?(features: GeoJSON.Feature<GeoJSON.Geometry, P>[]): void;
    /** Whose credential reads them (a web report's share link); the signed-in user's by default. */
    client?: ApiClient;
  } = {},
): Promise<GeoJSON.Feature<GeoJSON.Geometry, P>[]> {
  const client = options.client ?? api;
  const out: GeoJSON.Feature<GeoJSON.Geometry, P>[] = [];
  let after: string | undefined;
  for (;;) {
    const query = { limit: options.pageSize ?? 10_000, after, bbox: options.bbox };
    // The layers differ in their properties only; the caller names the ones it reads (P).
    const page = (await client.get(`/plants/{plantId}/${layer}`, { path: { plantId }, query, signal: options.signal })) as unknown as
      GeoJSON.FeatureCollection<GeoJSON.Geometry, P> & { links?: { rel: string; href: string }[] };
    out.push(...page.features);
    options.onPage?.(page.features);
    const next = page.links?.find((l) => l.rel === 'next');
    if (!next || page.features.length === 0) return out;
    after = String(page.features[page.features.length - 1]?.id ?? new URL(next.href, window.location.origin).searchParams.get('after'));
  }
}
