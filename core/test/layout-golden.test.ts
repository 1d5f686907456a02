// Golden geometry: each test/golden/in/<name>.json (a table or an area to fill) gives
// test/golden/out/<name>.geojson (the outline, tables and modules, metres in a projected
// CRS, as readable GeoJSON). UPDATE_GOLDEN=1 rewrites the outputs; look at them (QGIS,
// geojson.io with any CRS) before committing.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AreaFill, type TableFill, type TableOutline, fillArea, fillTable } from '@calepin/core';

const dir = new URL('./golden/', import.meta.url);
const update = process.env.UPDATE_GOLDEN === '1';

type Input =
  | { description: string; kind: 'table'; outline: TableOutline; fill: TableFill }
  | ({ description: string; kind: 'area' } & AreaFill);

const polygon = (rings: number[][][], properties: Record<string, unknown>) => ({
  type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: rings },
});

function run(input: Input) {
  const features: unknown[] = [];
  if (input.kind === 'table') {
    const table = fillTable(input.outline, input.fill);
    features.push(polygon(table.outline, { kind: 'table', rows: table.rows, columns: table.columns, dropped: table.dropped }));
    for (const m of table.modules) features.push(polygon([m.ring], { kind: 'module', row: m.row, column: m.column, heightM: m.heightM }));
  } else {
    features.push(polygon(input.area, { kind: 'area' }));
    for (const [t, table] of fillArea(input).entries()) {
      features.push(polygon(table.outline, { kind: 'table', table: t + 1, tableRow: table.tableRow, tableColumn: table.tableColumn }));
      for (const m of table.modules) features.push(polygon([m.ring], { kind: 'module', table: t + 1, row: m.row, column: m.column }));
    }
  }
  return { type: 'FeatureCollection', description: input.description, features };
}

// One feature per line: a diff shows which module moved.
const format = (fc: ReturnType<typeof run>) =>
  `{"type":"FeatureCollection","description":${JSON.stringify(fc.description)},"features":[\n` +
  fc.features.map((f) => JSON.stringify(f)).join(',\n') + '\n]}\n';

describe('golden layout geometry', () => {
  for (const file of readdirSync(new URL('in/', dir)).filter((f) => f.endsWith('.json'))) {
    it(file.replace(/\.json$/, ''), () => {
      const input = JSON.parse(readFileSync(new URL(`in/${file}`, dir), 'utf8')) as Input;
      const out = new URL(`out/${file.replace(/\.json$/, '.geojson')}`, dir);
      const actual = format(run(input));
      if (update) writeFileSync(out, actual);
      expect(actual).toBe(readFileSync(out, 'utf8'));
    });
  }
});
