import type { Logger } from 'pino';
import { type Listening, listen } from '../pg-listen';
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
  private listener: Listening | null = null;
  private listening = false;
  private stopped = false;
  private waited = false;
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
    if (!this.listening) {
      this.start();
      return null;
    }
    return `${this.epoch}:${tables.map((t) => this.generations.get(t) ?? 0).join('.')}`;
  }

  /** Marks tables as changed at once (a write of this instance, before its NOTIFY arrives). */
  changed(tables: readonly string[]): void {
    for (const table of tables) this.generations.set(table, (this.generations.get(table) ?? 0) + 1);
  }

  /**
   * Listening, or `timeoutMs` spent waiting for it: the first OGC request of a server waits
   * once for the connection (milliseconds) so that what it computes is remembered — without it,
   * the first two GetCapabilities of a 250,000-module plant each took 0.5–1.9 s.
   */
  async ready(timeoutMs = 1000): Promise<void> {
    // Once: a connection lost later is not waited for at every request (answers are then computed afresh).
    if (this.waited || this.listening || this.stopped) return;
    this.waited = true;
    this.start();
    const until = Date.now() + timeoutMs;
    while (!this.listening && !this.stopped && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
  }

  private start(): void {
    if (this.listener || this.stopped) return;
    this.listener = listen(this.databaseUrl, 'layout_changes', this.log, {
      heard: (payload) => {
        const table = /"table"\s*:\s*"([a-z_]+)"/.exec(payload)?.[1];
        // A change that does not say its table may be anything.
        if (table) this.changed([table]);
        else this.epoch++;
      },
      // OGC answers are computed afresh until it listens again.
      lost: () => {
        this.listening = false;
      },
      listening: () => {
        // Whatever happened before this connection listened was not heard.
        this.epoch++;
        this.listening = true;
      },
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.listening = false;
    await this.listener?.stop();
  }
}
