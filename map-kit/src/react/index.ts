// @calepin/map-kit/react: the kit's React hooks (the rest of the kit needs no React).
export { useLiveQueries } from './useLiveQueries';
export { useLiveTiles } from './useLiveTiles';
export { useLiveMission } from './useLiveMission';
export { useIdle } from './useIdle';
