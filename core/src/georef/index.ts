// Georeferencing from control points, shared by the server (fit, warp) and the web (live residuals).
export * from './types';
export { fitControlPoints, allowedMethods } from './fit';
export { applyTransform } from './apply';
export * from './pixel-space';
