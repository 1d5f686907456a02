import type { Queryable } from '../../db';
import { sqlFile } from '../../db';
import { notFound } from '../../http/errors';

const selectPlant = sqlFile(import.meta.url, 'plant.sql');

type Geometry = { type: string; coordinates: unknown };

/** What a mission order and its e-mails say of the plant (the mission's reader has already checked who may see it). */
export interface PrintedPlant {
  id: string;
  name: string;
  reference: string | null;
  address: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
  peakKwp: number | null;
  timezone: string;
  location: { type: 'Point'; coordinates: [number, number] } | null;
  boundary: Geometry | null;
  /** [west, south, east, north] of the boundary (or the location), EPSG:4326. */
  bbox: [number, number, number, number] | null;
}

export async function printedPlant(db: Queryable, plantId: string): Promise<PrintedPlant> {
  const { rows } = await db.query<PrintedPlant>(selectPlant, [plantId]);
  if (!rows[0]) throw notFound();
  return rows[0];
}
