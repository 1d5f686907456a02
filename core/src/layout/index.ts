export * from './frame';
export * from './fill';
export * from './area';
export * from './numbering';
export * from './strings';
