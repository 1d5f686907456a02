// How a work zone shows its progress, on the map and in the table's swatches alike: one navy
// (unlike the module statuses, the violet severities and the team's colours), filled the more
// opaque the more of the zone is done, so an untouched zone still shows the modules under it.
export const ZONE_COLOUR = '#1e3a8a';
const EMPTY_OPACITY = 0.06;
const FULL_OPACITY = 0.5;

/** The fill opacity of a zone of which `ratio` (0–1) is done. */
export const zoneOpacity = (ratio: number): number =>
  EMPTY_OPACITY + (FULL_OPACITY - EMPTY_OPACITY) * Math.min(1, Math.max(0, ratio));

/** The same fill as a CSS colour, for a swatch on a white page. */
export const zoneSwatch = (ratio: number): string => {
  const alpha = zoneOpacity(ratio);
  return `rgba(30, 58, 138, ${alpha.toFixed(2)})`;
};
