import { createContext, useContext, useEffect } from 'react';
import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import type { ModuleModel, Plant } from '@calepin/core';
import type { PlantCrs } from '@calepin/map-kit';
import type { LayoutApi, Selection } from './api';
import { useLatest } from '../components/useLatest';
import type { CornerSnap, DrawKind } from './draw';

export type Tool = 'select' | 'table' | 'area' | 'candidates' | 'module' | 'string' | 'inverter' | 'junctionBox' | 'cable' | 'electrical';
export const TOOLS: readonly Tool[] = ['select', 'table', 'area', 'candidates', 'module', 'string', 'inverter', 'junctionBox', 'cable', 'electrical'];

export interface Editor {
  plant: Plant;
  api: LayoutApi;
  crs: PlantCrs;
  map: MapLibreMap | null;
  models: ModuleModel[];
  tool: Tool;
  setTool(tool: Tool): void;
  selection: Selection;
  setSelection(selection: Selection): void;
  /** Modules picked in wiring order for a new string. */
  picked: string[];
  setPicked(ids: string[]): void;
  /** Calls the server, then refreshes the map and the lists; errors are shown in the sidebar. */
  run<T>(call: () => Promise<T>): Promise<T | undefined>;
  busy: boolean;
  /** Bumped after each edit. */
  version: number;
  /** The preview drawn on the map (table outline and modules), or none. */
  setPreview(features: GeoJSON.Feature[]): void;
  /** Starts drawing a polygon or a line with terra-draw; the geometry comes back once finished. */
  draw(kind: DrawKind, onFinish: (geometry: GeoJSON.Polygon | GeoJSON.LineString) => void): void;
  stopDrawing(): void;
  /** Where the points of a line being drawn snap (the cable panel's targets), or null. */
  setLineSnap(snap: CornerSnap | null): void;
}

export const EditorContext = createContext<Editor | null>(null);

export function useEditor(): Editor {
  const editor = useContext(EditorContext);
  if (!editor) throw new Error('useEditor outside the layout editor');
  return editor;
}

/** The map click of the active panel (placing a table, a module, an inverter…). */
export type ClickHandler = (event: MapMouseEvent) => void;

/** The one panel that takes the map's clicks: the last to claim them, until it lets go. */
export class ClickSlot {
  private handler: ClickHandler | null = null;

  /** Gives the clicks to `handler`; returns the function that takes them back. */
  claim(handler: ClickHandler): () => void {
    this.handler = handler;
    return () => {
      if (this.handler === handler) this.handler = null;
    };
  }

  click(event: MapMouseEvent): void {
    this.handler?.(event);
  }
}

export const ClickContext = createContext(new ClickSlot());

export function useMapClick(handler: ClickHandler | null): void {
  const slot = useContext(ClickContext);
  const latest = useLatest(handler);
  const active = handler !== null;
  useEffect(() => {
    if (!active) return undefined;
    return slot.claim((e) => latest.current?.(e));
  }, [slot, active, latest]);
}
