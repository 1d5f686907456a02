import { describe, expect, it } from 'vitest';
import { type LayoutModule, autoStrings, checkScheme, fillArea, fillTable, numberModules } from '@calepin/core';

// Two 2 × 3 tables side by side (T west, U east) and a third one further south.
function layout(): LayoutModule[] {
  const modules: LayoutModule[] = [];
  const tables: [string, number, number][] = [['U', 20, 0], ['T', 0, 0], ['V', 0, -10]];
  for (const [tableId, x, y] of tables) {
    for (let row = 1; row <= 2; row++) {
      for (let column = 1; column <= 3; column++) {
        modules.push({ id: `${tableId}${row}${column}`, tableId, row, column, center: [x + column, y + row * 0.3] });
      }
    }
  }
  return modules;
}

describe('numbering', () => {
  it('T{table}-R{row}-C{col}: tables north to south, west to east', () => {
    const codes = numberModules(layout(), 'T{table}-R{row}-C{col}', 'row');
    expect(codes.get('T11')).toBe('T1-R1-C1');
    expect(codes.get('U23')).toBe('T2-R2-C3');
    expect(codes.get('V12')).toBe('T3-R1-C2');
  });

  it('{n} runs row-wise or serpentine', () => {
    const row = numberModules(layout(), 'M{n}', 'row');
    const serp = numberModules(layout(), 'M{n}', 'serpentine');
    expect(['T11', 'T12', 'T13', 'T21', 'T22', 'T23'].map((id) => row.get(id))).toEqual(['M1', 'M2', 'M3', 'M4', 'M5', 'M6']);
    expect(['T11', 'T12', 'T13', 'T23', 'T22', 'T21'].map((id) => serp.get(id))).toEqual(['M1', 'M2', 'M3', 'M4', 'M5', 'M6']);
    expect(serp.get('U11')).toBe('M7');
    expect(new Set(serp.values()).size).toBe(18);
  });

  it('S{string}-M{index}: strings numbered in the order their first module comes', () => {
    const modules = layout().map((m) => m.tableId === 'T' ? { ...m, stringId: 'b', positionInString: m.column } : m);
    const withA = modules.map((m) => m.tableId === 'U' ? { ...m, stringId: 'a', positionInString: (m.row ?? 1) * 3 + (m.column ?? 1) - 3 } : m);
    const codes = numberModules(withA, 'S{string}-M{index}', 'row');
    expect(codes.get('T12')).toBe('S1-M2');
    expect(codes.get('U23')).toBe('S2-M6');
  });

  it('schemes are checked', () => {
    expect(checkScheme('S{string}-M{index}')).toBe('ok');
    expect(checkScheme('T{table}-R{row}-C{col}')).toBe('ok');
    expect(checkScheme('T{table}-R{row}')).toBe('not_unique');
    expect(checkScheme('X{foo}')).toBe('unknown_placeholder');
  });
});

describe('automatic strings', () => {
  it('cut the modules in reading order, carrying over to the next table, the rest left out', () => {
    const serp = autoStrings(layout(), 4, 'serpentine');
    expect(serp.strings[0]).toEqual(['T11', 'T12', 'T13', 'T23']);
    expect(serp.strings[1]).toEqual(['T22', 'T21', 'U11', 'U12']);
    expect(serp.strings).toHaveLength(4);
    expect(serp.unassigned).toEqual(['V22', 'V21']);
    expect(() => autoStrings(layout(), 0, 'row')).toThrow(RangeError);
  });
});

describe('fill limits', () => {
  it('a rectangle too small for the grid drops the cells that do not fit', () => {
    const fill = { moduleWidthM: 1, moduleHeightM: 2, orientation: 'portrait' as const, rows: 1, columns: 5, gapM: 0, rowGapM: 0 };
    const table = fillTable({ rectangle: { center: [0, 0], lengthM: 4, widthM: 2 }, azimuthDeg: 180 }, fill);
    expect(table.modules.map((m) => m.column)).toEqual([2, 3, 4]);
    expect(table.dropped).toBe(2);
    expect(fillTable({ rectangle: { center: [0, 0], lengthM: 5, widthM: 2 }, azimuthDeg: 180 }, fill).modules).toHaveLength(5);
  });

  it('an area refuses a pitch shorter than a table', () => {
    const table = { moduleWidthM: 1, moduleHeightM: 2, orientation: 'portrait' as const, rows: 2, columns: 2, gapM: 0, rowGapM: 0 };
    expect(() => fillArea({ area: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]], azimuthDeg: 180, pitchM: 3, table })).toThrow(/pitch_too_small/);
  });
});
