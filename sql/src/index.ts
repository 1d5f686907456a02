export { type Migration, migrationsDir, readMigrations } from './migrations';
export { migrate, MigrationHistoryError, type MigrateResult } from './migrate';
