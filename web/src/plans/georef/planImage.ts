import { useEffect, useState } from 'react';
import { api } from '../../api/http';

/** The largest side drawn as one texture: WebGL guarantees 4096, software renderers rarely more. */
const MAX_SIDE = 4096;

export interface PlanImage {
  /** An object URL of the image to draw (downscaled when larger than MAX_SIDE). */
  url: string;
  /** Size of the image as served (the plan's pixel space when plan.width is unknown). */
  naturalWidth: number;
  naturalHeight: number;
  /** The plan is larger than the image: the editor adds the server's pixel tiles for full detail. */
  downscaled: boolean;
}

async function fitTexture(blob: Blob): Promise<PlanImage> {
  const bitmap = await createImageBitmap(blob);
  const { width, height } = bitmap;
  const ratio = MAX_SIDE / Math.max(width, height);
  if (ratio >= 1) {
    bitmap.close();
    return { url: URL.createObjectURL(blob), naturalWidth: width, naturalHeight: height, downscaled: false };
  }
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  (canvas.getContext('2d') as CanvasRenderingContext2D).drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const small = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('canvas'))), 'image/png'));
  return { url: URL.createObjectURL(small), naturalWidth: width, naturalHeight: height, downscaled: true };
}

/**
 * GET /plans/{id}/image?page=N (it needs the token, so it is fetched, not linked). The
 * server sends a downscaled image of a large plan; its pixels are mapped back onto the
 * plan's full pixel space (plan.width × plan.height), in which control points are given.
 */
export function usePlanImage(planId: string, page: number) {
  // Each answer is kept with the page it is of: another page shows nothing until its own arrives.
  const key = `${planId}/${page}`;
  const [state, setState] = useState<{ key: string; image: PlanImage | null; error: unknown }>({ key: '', image: null, error: null });
  useEffect(() => {
    let url: string | null = null;
    let cancelled = false;
    api.response('/plans/{planId}/image', { path: { planId }, query: { page, maxSize: MAX_SIDE } })
      .then(async (response) => {
        // The server downscales a plan larger than maxSize (X-Plan-Scale below 1).
        const served = Number(response.headers.get('X-Plan-Scale') ?? '1');
        const image = await fitTexture(await response.blob());
        return { ...image, downscaled: image.downscaled || served < 1 };
      })
      .then((image) => {
        url = image.url;
        if (cancelled) URL.revokeObjectURL(url);
        else setState({ key, image, error: null });
      })
      .catch((error: unknown) => !cancelled && setState({ key, image: null, error }));
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [planId, page, key]);
  return state.key === key ? { image: state.image, error: state.error } : { image: null, error: null };
}
