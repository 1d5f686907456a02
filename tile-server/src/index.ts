export { type TileConfig, loadTileConfig } from './config';
export { type TileServer, createTileServer } from './server';
export { type LayoutChange } from './changes';
export { VECTOR_SOURCES } from './sources';
export { parseTile, tileBounds, tilesCovering } from './tile-math';
