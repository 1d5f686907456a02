// Two gis-server instances number a mission's events in one sequence but broadcast them in
// the order they finish: the app must show each event once, whatever order they arrive in
// (a receipt numbered 10 that came after 11 was lost from the office's live panel: CI red).
import { describe, expect, it } from 'vitest';
import { EventOrder } from '../src/live/event-order';

describe('the order of a mission’s events', () => {
  it('takes an event that arrives after a later one, once', () => {
    const order = new EventOrder();
    order.reset(9);
    expect(order.fresh(11)).toBe(true);
    expect(order.last).toBe(9);
    expect(order.fresh(10)).toBe(true);
    expect(order.last).toBe(11);
    expect(order.fresh(10)).toBe(false);
    expect(order.fresh(11)).toBe(false);
    expect(order.fresh(9)).toBe(false);
  });

  it('a snapshot covers what came before it, and keeps what came after', () => {
    const order = new EventOrder();
    expect(order.fresh(5)).toBe(true);
    expect(order.fresh(7)).toBe(true);
    order.reset(6);
    expect(order.last).toBe(7);
    expect(order.fresh(7)).toBe(false);
    expect(order.fresh(8)).toBe(true);
  });

  it('gives up a gap whose event does not come, rather than hold every later one', () => {
    const order = new EventOrder();
    order.reset(1);
    for (let id = 3; id < 3 + 65; id++) expect(order.fresh(id)).toBe(true);
    expect(order.last).toBe(67);
    expect(order.fresh(2)).toBe(false);
  });
});
