// @calepin/map-kit/layers: the style and layers of a plant map and nothing that needs a
// browser, so that gis-server draws its printed maps with them (MapLibre in headless Chromium).
export { HIGHLIGHT_COLOR, baseStyle, severityColor, statusColor } from './style';
export { LAYOUT_FIRST_LAYER, MODULES_LAYER, PLANT_TILES_SOURCE, boundaryLine, plantLayers, plantMarker } from './plant-layers';
export { GLYPHS_PATH, LABEL_FONT, labelLayers } from './label-layers';
