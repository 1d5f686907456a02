import pg from 'pg';
import type { Logger } from 'pino';
import type { LayerDef } from './catalog';

/**
 * The tables layers read that send no change notification (names and codes of related
 * rows): what is computed from them can go stale. Kept equal to the database's triggers
 * by gis-server/test/ogc-paging.test.ts.
 */
export const SILENT_TABLES: ReadonlySet<string> = new Set(['audits', 'clients', 'mppt_inputs']);

/** Whether every table a layer reads notifies its changes. */
export const heardWhole = (layer: LayerDef) => !tablesRead(layer).some((table) => SILENT_TABLES.has(table));

const read = new Map<string, readonly string[]>();

/**
 * The tables a layer's relation reads (its FROM and JOIN clauses, subqueries included),
 * so that a change to any of them reaches what was computed from the layer.
 */
export function tablesRead(layer: LayerDef): readonly string[] {
  let tables = read.get(layer.name);
  if (!tables) {
    const sql = `${layer.source}\n${layer.published ?? ''}`.replace(/--[^\n]*/g, '');
    tables = [...new Set([...sql.matchAll(/\b(?:from|join)\s+([a-z_][a-z0-9_]*)/gi)].map((m) => (m[1] as string).toLowerCase()))].sort();
    read.set(layer.name, tables);
  }
  return tables;
}

/**
 * Hears PostgreSQL's `layout_changes` notifications (sql/migrations/009_change_notify.sql:
 * one per statement and plant, naming the table) on a connection of its own, as the
 * tile-server does, and keeps a generation per table. What was computed from some tables
 * stays valid while their generations do. While it is not listening (not started yet,
 * connection lost), nothing is valid: callers compute afresh. Every gis-server instance
 * listens, so every instance hears every change.
 */
export class LayerChanges {
  private client: pg.Client | null = null;
  private starting: Promise<void> | null = null;
  private retry: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Bumped on every change of any table, and on every (re)connection. */
  private epoch = 0;
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly databaseUrl: string,
    private readonly log: Logger,
  ) {}

  /**
   * A stamp of the state of these tables, or null while changes cannot be heard. Equal
   * stamps mean no change was heard in between. The first call starts listening.
   */
  stamp(tables: readonly string[]): string | null {
    if (!this.client) {
      void this.start();
      return null;
    }
    return `${this.epoch}:${tables.map((t) => this.generations.get(t) ?? 0).join('.')}`;
  }

  /** Marks tables as changed at once (a write of this instance, before its NOTIFY arrives). */
  changed(tables: readonly string[]): void {
    for (const table of tables) this.generations.set(table, (this.generations.get(table) ?? 0) + 1);
  }

  private start(): Promise<void> {
    if (this.starting || this.stopped) return this.starting ?? Promise.resolve();
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'calepin-ogc-listener' });
    client.on('notification', (message) => {
      if (message.channel !== 'layout_changes') return;
      const table = /"table"\s*:\s*"([a-z_]+)"/.exec(message.payload ?? '')?.[1];
      // A change that does not say its table may be anything.
      if (table) this.changed([table]);
      else this.epoch++;
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    this.starting = client
      .connect()
      .then(() => client.query('listen layout_changes'))
      .then(() => {
        if (this.stopped) return void client.end().catch(() => undefined);
        // Whatever happened before this connection listened was not heard.
        this.epoch++;
        this.client = client;
      })
      .catch((error: unknown) => {
        this.log.warn({ err: error }, 'cannot listen to layout_changes: OGC answers are computed afresh');
        client.removeAllListeners();
        client.end().catch(() => undefined);
        // Tried again by the first request 5 s from now.
        this.retry = setTimeout(() => {
          this.retry = null;
          this.starting = null;
        }, 5000).unref();
      });
    return this.starting;
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.client !== client) return;
    this.log.warn({ err: error }, 'lost the layout_changes listener: OGC caches dropped until it is back');
    this.client = null;
    this.starting = null;
    client.removeAllListeners();
    client.end().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.starting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    client?.removeAllListeners();
    await client?.end().catch(() => undefined);
  }
}
