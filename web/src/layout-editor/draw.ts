import type { Map as MapLibreMap } from 'maplibre-gl';
import { TerraDraw, TerraDrawLineStringMode, TerraDrawPolygonMode } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';

export type DrawKind = 'polygon' | 'linestring';

/** Where a polygon's corner goes when snapped (the pointer in EPSG:4326 and on screen, Alt held), or undefined. */
export type CornerSnap = (pointer: { lng: number; lat: number; x: number; y: number; alt: boolean }) => GeoJSON.Position | undefined;

/**
 * terra-draw on the editor's map, for the outlines of tables and areas and the lines of
 * cables: one drawing at a time, handed over once finished and then removed from the
 * drawing layer (the server's feature replaces it).
 */
export class Drawing {
  private draw: TerraDraw;
  private onFinish: ((geometry: GeoJSON.Polygon | GeoJSON.LineString) => void) | null = null;
  /** Where a line's point snaps (set by the cable panel), or undefined. */
  private lineSnap: CornerSnap | null = null;

  constructor(map: MapLibreMap, snap?: CornerSnap) {
    this.draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map }),
      modes: [
        new TerraDrawPolygonMode({
          keyEvents: { cancel: 'Escape', finish: 'Enter' },
          // Corners snap to the modules and tables nearby (terra-draw draws the snapped point).
          ...(snap ? {
            snapping: { toCustom: (e) => snap({ lng: e.lng, lat: e.lat, x: e.containerX, y: e.containerY, alt: e.heldKeys.includes('Alt') }) },
            styles: { snappingPointColor: '#f97316', snappingPointWidth: 7, snappingPointOutlineColor: '#ffffff', snappingPointOutlineWidth: 2 },
          } : {}),
        }),
        new TerraDrawLineStringMode({
          keyEvents: { cancel: 'Escape', finish: 'Enter' },
          // A cable's points snap to what the cable panel offers (inverters, boxes, string ends).
          snapping: { toCustom: (e) => this.lineSnap?.({ lng: e.lng, lat: e.lat, x: e.containerX, y: e.containerY, alt: e.heldKeys.includes('Alt') }) },
          styles: { snappingPointColor: '#f97316', snappingPointWidth: 7, snappingPointOutlineColor: '#ffffff', snappingPointOutlineWidth: 2 },
        }),
      ],
    });
    this.draw.start();
    this.draw.setMode('static');
    this.draw.on('finish', (id) => {
      const feature = this.draw.getSnapshot().find((f) => f.id === id);
      const done = this.onFinish;
      this.draw.clear();
      if (feature && done) done(feature.geometry as GeoJSON.Polygon | GeoJSON.LineString);
    });
  }

  /** A drawing is under way (the map's clicks are terra-draw's). */
  get active(): boolean {
    return this.onFinish !== null && this.draw.enabled && this.draw.getMode() !== 'static';
  }

  /** Where the points of a line being drawn snap, or null. */
  setLineSnap(snap: CornerSnap | null): void {
    this.lineSnap = snap;
  }

  start(kind: DrawKind, onFinish: (geometry: GeoJSON.Polygon | GeoJSON.LineString) => void): void {
    this.onFinish = onFinish;
    this.draw.clear();
    this.draw.setMode(kind);
  }

  stop(): void {
    this.onFinish = null;
    if (!this.draw.enabled) return;
    this.draw.clear();
    this.draw.setMode('static');
  }

  destroy(): void {
    if (this.draw.enabled) this.draw.stop();
  }
}
