export { type TileConfig, loadTileConfig } from './config';
export { type TileServer, createTileServer } from './server';
export { type LayoutChange } from './changes';
export { SOURCES, SOURCE_BY_ID } from './sources';
export { parseTile, tileBounds, tilesCovering } from './tile-math';
