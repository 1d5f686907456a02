import { formatNumber } from '../format';

/** A distance in metres: centimetres below 10 m. */
export const formatMetres = (m: number) => `${formatNumber(m, m < 10 ? 2 : 1)} m`;
