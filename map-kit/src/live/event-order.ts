// Which of a mission's events are new to an app (docs/realtime.md §4). The server numbers a
// mission's events in one sequence, but two instances that each number an event broadcast
// them in whichever order they finish: event 11 may arrive before event 10, and 10 is still
// news. An event is new when it is above the watermark (every event up to it was shown) and
// not among those already shown above it.

/** Above this many events shown past a gap, the gap is given up (its event will not come). */
const MAX_AHEAD = 64;

export class EventOrder {
  private watermark = 0;
  private readonly ahead = new Set<number>();

  /** Every event up to this one was shown: what `since` asks after a reconnection. */
  get last(): number {
    return this.watermark;
  }

  /** True the first time an event's id is offered, in whatever order they come. */
  fresh(id: number): boolean {
    if (id <= this.watermark || this.ahead.has(id)) return false;
    this.ahead.add(id);
    if (this.ahead.size > MAX_AHEAD) this.raise(Math.min(...this.ahead));
    this.raise(this.watermark);
    return true;
  }

  /** A snapshot of the mission described everything up to `id`. */
  reset(id: number): void {
    this.raise(Math.max(id, this.watermark));
  }

  private raise(to: number): void {
    this.watermark = to;
    for (const id of this.ahead) if (id <= to) this.ahead.delete(id);
    while (this.ahead.delete(this.watermark + 1)) this.watermark++;
  }
}
