import type pg from 'pg';

type BBox = [number, number, number, number];

/**
 * What the tile-server keeps of plants between requests: which are shared publicly
 * (anonymous access), and where each plant's low-zoom point lies (to evict the tiles
 * that summarise it). Reloaded whenever a plant changes.
 */
export class PlantsIndex {
  private publicIds = new Set<string>();
  private points = new Map<string, BBox>();
  private clients = new Map<string, string | null>();

  constructor(private readonly pool: pg.Pool) {}

  async reload(): Promise<void> {
    const { rows } = await this.pool.query<{ id: string; client_id: string | null; public_share: boolean; x: number | null; y: number | null }>(
      `select id, client_id, public_share, st_x(pt) as x, st_y(pt) as y
         from (select id, client_id, public_share, coalesce(location, st_pointonsurface(boundary)) as pt
                 from plants where deleted_at is null) p`,
    );
    this.publicIds = new Set(rows.filter((r) => r.public_share).map((r) => r.id));
    this.clients = new Map(rows.map((r) => [r.id, r.client_id]));
    this.points = new Map(rows.filter((r) => r.x !== null && r.y !== null).map((r) => [r.id, [r.x, r.y, r.x, r.y] as BBox]));
  }

  /** Whether the plant exists (and is not archived). */
  has(plantId: string): boolean {
    return this.clients.has(plantId);
  }

  /** The company a plant belongs to (null: none), undefined for an unknown or archived plant. */
  clientOf(plantId: string): string | null | undefined {
    return this.clients.get(plantId);
  }

  isPublic(plantId: string): boolean {
    return this.publicIds.has(plantId);
  }

  /** The bounding box of the point that stands for a plant at low zooms. */
  pointOf(plantId: string): BBox | undefined {
    return this.points.get(plantId);
  }
}
