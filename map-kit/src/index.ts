// @calepin/map-kit: what the web app and the field app draw, without React (hooks are in
// @calepin/map-kit/react, the API client in @calepin/map-kit/api).
export { HIGHLIGHT_COLOR, baseStyle, basemapLayerId, severityColor, showBasemap, statusColor } from './style';
export { type BasemapWatch, watchBasemap } from './basemap-watch';
export {
  DEFECTS_LAYER, LAYOUT_FIRST_LAYER, MODULES_LAYER, type MapFilter, PLANT_TILES_SOURCE, type PlantLayerOptions,
  applyPlantFilter, boundaryLine, matchExpression, plantLayers, plantMarker,
} from './plant-layers';
export { GLYPHS_PATH, LABEL_FONT, LABEL_GLYPH_PATHS, labelLayers } from './label-layers';
export { type PlanOverlay, syncPlanLayers } from './plan-layers';
export { WIRING_LAYER_IDS, wiringLayers } from './wiring-layers';
export { PLANT_TILE_SOURCES, authorizeTiles, planTileUrl, plantTileUrl } from './tiles';
export { type LonLat, type PlantCrs, type Projector, type Xy, plantCrs, projector } from './crs';
export { type LiveClient, type LiveListener, type LiveSession, createLiveClient } from './live/client';
export { type FollowOptions, followLiveTiles } from './live/follow';
export { touchedTiles, zoomsAround } from './live/tiles';
export { type LiveMission, type LiveMissionState, type RtMember, joinLiveMission } from './live/mission';
export {
  LOCKS_LAYER, TEAM_SOURCE, type TeamMember, accuracyRing, addTeamLayers, drawTeam, offsetLonLat, teamFeatures, teamLayers,
} from './live/team-layers';
export { POSITION_MIN_INTERVAL_MS, POSITION_MIN_MOVE_M, POSITION_REFRESH_MS, type SentFix, metresBetween, shouldSendFix } from './live/position-throttle';
export { CURSOR_EVERY_MS, CURSOR_FORGET_MS, type PlantCursors, followPlantCursors, watchPlantCursors } from './live/plant-cursors';
