/**
 * The tile-server sources the web map asks for, in one composite request
 * (`/tiles/plants,tables,strings,modules,defects/{z}/{x}/{y}`). Cables, junction boxes and
 * inverters are drawn by the layout editor only. The tiles benchmark replays this
 * composite, so what it measures is what a map session costs.
 */
export const MAP_TILE_SOURCES = ['plants', 'tables', 'strings', 'modules', 'defects'] as const;
