// How a long report is cut into the documents Chromium prints one after the other
// (template.ts printParts): never inside a page, each part at most its weight.
import { describe, expect, it } from 'vitest';
import { printParts } from '../../src/capabilities/reports/render/template';

const page = (text: string) => `<section class="page"><p>${text}</p></section>`;
const flowing = (text: string) => `<section><p>${text}</p></section>`;

describe('a report printed in parts', () => {
  it('is one part when it weighs less than a part', () => {
    expect(printParts([page('a'), page('b')], 10_000)).toEqual([`${page('a')}\n${page('b')}`]);
  });

  it('is cut before a section that opens a page, never before one that flows on', () => {
    const sections = [page('a'.repeat(40)), flowing('b'.repeat(40)), page('c'.repeat(40)), page('d'.repeat(40))];
    // Each section weighs 66–79 bytes: every one would start a part of 100, but the flowing one cannot.
    const parts = printParts(sections, 100);
    expect(parts).toEqual([`${sections[0]}\n${sections[1]}`, sections[2], sections[3]]);
    // Cut or not, the sections are all there, in order.
    expect(parts.join('\n')).toBe(sections.join('\n'));
  });

  it('weighs a section by its bytes, or by the weight it says (a table’s page costs more)', () => {
    const light = page('x');
    const heavy = { html: page('y'), weight: 1000 };
    expect(printParts([light, heavy, light], 500)).toEqual([light, heavy.html, light]);
    expect(printParts([light, { ...heavy, weight: 10 }, light], 500)).toHaveLength(1);
  });

  it('keeps a section heavier than a part whole, alone', () => {
    const big = page('z'.repeat(1000));
    expect(printParts([page('a'), big, page('b')], 100)).toEqual([page('a'), big, page('b')]);
  });
});
