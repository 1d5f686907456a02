import { useEffect, useMemo, useState } from 'react';
import { type Locale, isMessageKey, t as coreT } from '@calepin/core';
import { type ControlPoint, type Residual, type TransformMethod, fitControlPoints } from '@calepin/core/georef';
import { projector } from '@calepin/map-kit';
import { api } from '../../api/http';
import { currentLocale } from '../../i18n';

/** A control point of the editor: pixel on the plan, then its place on the map. */
export interface EditorPoint {
  id: string;
  /** 1, 2, 3…: the label on both markers. */
  n: number;
  pixel: [number, number];
  lonLat: [number, number] | null;
}

export interface Residuals {
  byId: Map<string, Residual>;
  rmsM: number | null;
  kind: 'fit' | 'leave_one_out';
  /** Why the points cannot be fitted with this transform (too few, collinear…), worded for the user. */
  problem: string | null;
  /** Where they came from: the browser (core's fits), or the server when the browser lacks the CRS. */
  source: 'browser' | 'server';
}

/** A point placed on both sides. */
type Placed = EditorPoint & { lonLat: [number, number] };

const EMPTY: Residuals = { byId: new Map(), rmsM: null, kind: 'fit', problem: null, source: 'browser' };

function wording(locale: Locale, key: string, params: Record<string, string | number>, reason: string) {
  return isMessageKey(key) ? coreT(locale, key, params) : reason;
}

/**
 * Residual of each point and RMS in metres, live: core's fits (the server's own code) on
 * pixel → plant CRS metres, through proj4. For a CRS proj4 does not know here, the server
 * fits them (POST /plans/{id}/fit), a moment after the last change.
 */
export function useResiduals(planId: string, srid: number, method: TransformMethod, points: EditorPoint[]): Residuals {
  const complete = useMemo(() => points.filter((p): p is Placed => p.lonLat !== null), [points]);
  const project = useMemo(() => projector(srid), [srid]);
  const local = useMemo((): Residuals | null => {
    if (!project) return null;
    if (complete.length === 0) return EMPTY;
    const input: ControlPoint[] = complete.map((p) => ({ id: p.id, pixel: p.pixel, target: project(p.lonLat) }));
    const fit = fitControlPoints(method, input);
    if (!fit.ok) {
      return { ...EMPTY, problem: wording(currentLocale(), fit.error.key, fit.error.params, fit.error.reason) };
    }
    return {
      byId: new Map(fit.residuals.map((r) => [r.id, r])), rmsM: fit.rmsM, kind: fit.residualKind, problem: null, source: 'browser',
    };
  }, [project, complete, method]);

  const [remote, setRemote] = useState<Residuals>({ ...EMPTY, source: 'server' });
  useEffect(() => {
    if (project || complete.length === 0) return undefined;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.post('/plans/{planId}/fit', {
        path: { planId }, signal: controller.signal,
        body: { transform: method, srid, points: complete.map((p) => ({ id: p.id, pixel: p.pixel, lonLat: p.lonLat })) },
      }).then(
        (answer) => setRemote({
          byId: new Map(answer.residuals.map((r) => [r.id, r])), rmsM: answer.rmsM, kind: answer.residualKind ?? (method === 'tps' ? 'leave_one_out' : 'fit'),
          problem: null, source: 'server',
        }),
        (error: Error) => {
          if (error.name !== 'AbortError') setRemote({ ...EMPTY, problem: error.message, source: 'server' });
        },
      );
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [project, complete, method, planId, srid]);

  return local ?? remote;
}
