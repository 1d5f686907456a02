// A small set of open plan COGs, so that a tile does not open its file again: least
// recently used out first, one dataset per plan at its current version. A dataset in use
// by a request is closed when that request lets it go.
import gdal from 'gdal-async';

interface Entry {
  planId: string;
  version: string;
  ds: Promise<gdal.Dataset>;
  users: number;
  retired: boolean;
}

export interface Lease {
  ds: gdal.Dataset;
  release(): void;
}

export class PlanDatasets {
  /** planId → entry, in least-recently-used order. */
  private readonly entries = new Map<string, Entry>();
  /** Datasets opened since start (tests and /health look at it). */
  opened = 0;

  constructor(private readonly max: number) {}

  /** Open datasets, the retired ones still in use included. */
  get open(): number {
    return this.entries.size + this.retiredInUse;
  }
  private retiredInUse = 0;

  /** The dataset of a plan at `version`; a dataset of another version is closed. */
  async acquire(planId: string, version: string, path: string): Promise<Lease> {
    let entry = this.entries.get(planId);
    if (entry && entry.version !== version) {
      this.retire(entry);
      entry = undefined;
    }
    if (!entry) {
      entry = { planId, version, ds: gdal.openAsync(path), users: 0, retired: false };
      this.opened++;
      const opening = entry;
      opening.ds.catch(() => this.entries.get(planId) === opening && this.entries.delete(planId));
      this.entries.set(planId, entry);
      for (const oldest of this.entries.values()) {
        if (this.entries.size <= this.max) break;
        this.retire(oldest);
      }
    } else {
      this.entries.delete(planId);
      this.entries.set(planId, entry);
    }
    const held = entry;
    held.users++;
    let ds: gdal.Dataset;
    try {
      ds = await held.ds;
    } catch (error) {
      held.users--;
      throw error;
    }
    let released = false;
    return {
      ds,
      release: () => {
        if (released) return;
        released = true;
        held.users--;
        if (held.retired && held.users === 0) {
          this.retiredInUse--;
          void close(held);
        }
      },
    };
  }

  /** The plan changed or went: its dataset is closed (once no request uses it). */
  forget(planId: string): void {
    const entry = this.entries.get(planId);
    if (entry) this.retire(entry);
  }

  closeAll(): void {
    for (const entry of [...this.entries.values()]) this.retire(entry);
  }

  private retire(entry: Entry): void {
    if (this.entries.get(entry.planId) === entry) this.entries.delete(entry.planId);
    if (entry.retired) return;
    entry.retired = true;
    if (entry.users === 0) void close(entry);
    else this.retiredInUse++;
  }
}

async function close(entry: Entry): Promise<void> {
  const ds = await entry.ds.catch(() => null);
  ds?.close();
}
