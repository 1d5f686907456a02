export * from './vocabulary';
export * from './status';
export * from './crs';
export * from './map-tiles';
export * from './schemas/index';
export * from './i18n/index';
export * from './layout/index';
export * from './live';
