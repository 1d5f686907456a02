// The adapter of the Géoplateforme geocoder (IGN, `GET https://data.geopf.fr/geocodage/search`,
// the same protocol as the BAN's api-adresse: `q`, `limit`, an answer in GeoCodeJSON — a
// GeoJSON FeatureCollection of points whose properties carry `label` and `type`).
// GEOCODER_URL points it at another server that speaks the same protocol (the tests' stand-in).
import type { GeocodeHit } from '@calepin/core';
import { z } from 'zod';
import { ApiError } from '../../http/errors';

/** A person is waiting: past this, the service is called down. */
const TIMEOUT_MS = 8000;

const Feature = z.object({
  geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).rest(z.number()) }),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  properties: z.looseObject({
    label: z.string().optional(),
    name: z.string().optional(),
    type: z.string().optional(),
    _type: z.string().optional(),
  }),
});
const Answer = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) });

const unavailable = (detail: string) => new ApiError(502, 'geocoder_unavailable', { key: 'e.geocoder_unavailable', params: { detail } });
const badAnswer = () => new ApiError(502, 'geocoder_bad_answer', { key: 'e.geocoder_bad_answer' });

/** Places matching `q`, best first. 502 when the service is down or answers nonsense. */
export async function geocode(url: string, q: string, limit: number): Promise<GeocodeHit[]> {
  const request = new URL(url);
  request.searchParams.set('q', q);
  request.searchParams.set('limit', String(limit));
  let response: Response;
  try {
    response = await fetch(request, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw unavailable((error as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : 'unreachable');
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw unavailable(`HTTP ${response.status}`);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw badAnswer();
  }
  const answer = Answer.safeParse(body);
  if (!answer.success) throw badAnswer();
  // One odd feature (no label, a line instead of a point) is left out, not the whole answer.
  const hits: GeocodeHit[] = [];
  for (const raw of answer.data.features) {
    const feature = Feature.safeParse(raw);
    if (!feature.success) continue;
    const { properties, geometry, bbox } = feature.data;
    const label = properties.label ?? properties.name;
    if (!label) continue;
    const [lon, lat] = geometry.coordinates;
    hits.push({ label, kind: properties.type ?? properties._type ?? 'place', lon, lat, bbox: bbox ?? null });
  }
  if (hits.length === 0 && answer.data.features.length > 0) throw badAnswer();
  return hits.slice(0, limit);
}
