import type { COMPARISON_CHANGES } from '../schemas/report';

/**
 * The colours of a comparison of two audits (new, persisting, worsened, improved,
 * repaired): the web report's difference map. The PDF's comparison maps use
 * them too (gis-server reports/render/svg-maps.ts), apart from the six status
 * colours so that a difference map is not read as a status map.
 */
export const CHANGE_COLORS: Readonly<Record<(typeof COMPARISON_CHANGES)[number], string>> = {
  new: '#dc2626', worsened: '#7c3aed', persisting: '#f59e0b', improved: '#84cc16', repaired: '#16a34a',
};
