import type pg from 'pg';
import { TileError } from './errors';
import { uuidParam } from './params';
import type { TileRenderer } from './render';
import { MVT, RESERVED_PATHS, type ServedTile, type SourceRequest, type TileFormat, type TileSource, type VectorSource } from './sources';
import type { TileCoord } from './tile-math';
import { tileJson } from './tilejson';

/** What the ids of a path name: one source, or a composite of vector sources (`/a,b/…`). */
export interface Tiles {
  format: TileFormat;
  tileJson(request: SourceRequest): Promise<object>;
  tile(request: SourceRequest, coord: TileCoord): Promise<ServedTile>;
}

/** Every source the server has, by id: the only place that knows them all. */
export class SourceRegistry {
  private readonly byId = new Map<string, TileSource>();

  constructor(
    readonly sources: readonly TileSource[],
    private readonly pool: pg.Pool,
    private readonly renderer: TileRenderer,
  ) {
    for (const source of sources) {
      if (RESERVED_PATHS.includes(source.id)) throw new Error(`tile source ${source.id} would shadow GET /${source.id}`);
      if (this.byId.has(source.id)) throw new Error(`two tile sources are named ${source.id}`);
      this.byId.set(source.id, source);
    }
  }

  /** martin's catalog: every source with its content type and description. */
  catalog() {
    const entry = (s: TileSource) => ({ content_type: (s.kind === 'vector' ? MVT : s.format).contentType, description: s.description });
    return { tiles: Object.fromEntries(this.sources.map((s) => [s.id, entry(s)])), sprites: {}, fonts: {} };
  }

  /** The tiles of `a` or `a,b,c`: 404 naming an unknown source, 400 for a raster source in a composite. */
  resolve(ids: string): Tiles {
    const sources = ids.split(',').map((id) => {
      const source = this.byId.get(id);
      if (!source) throw new TileError(404, 'tile_source_unknown', 'e.tile_source_unknown', { source: id });
      return source;
    });
    const vector = sources.filter((s): s is VectorSource => s.kind === 'vector');
    const raster = sources.find((s) => s.kind === 'raster');
    if (!raster) return this.composite(vector, ids);
    if (sources.length > 1) throw new TileError(400, 'tile_composite_raster', 'e.tile_composite_raster', { source: raster.id });
    return raster;
  }

  /** Vector sources drawn together: each layer's MVT bytes one after the other. */
  private composite(sources: VectorSource[], ids: string): Tiles {
    const filters = (params: URLSearchParams) => ({ plant: uuidParam(params, 'plant'), audit: uuidParam(params, 'audit') });
    return {
      format: MVT,
      tileJson: ({ params, scope, base, query }) => tileJson(this.pool, { sources, ids, ...filters(params), scope, base, query }),
      tile: async ({ params, scope }, coord) => {
        const { tile, cached } = await this.renderer.tile({ sources, ...coord, ...filters(params), scope });
        return { ...tile, cached };
      },
    };
  }
}
