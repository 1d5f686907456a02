// The sync protocol shared by the server, the field app and the device simulator: docs/sync.md.
export * from './protocol';
export * from './tables';
export * from './uuid-v5';
