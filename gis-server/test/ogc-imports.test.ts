// The OGC module's files import each other in one direction: a circle (errors.ts ↔ xml.ts
// once) makes load order decide which half sees the other undefined.
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../src/capabilities/ogc/', import.meta.url));

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [])),
  );
  return nested.flat();
}

/** Relative imports of a file, resolved to files of the module (type-only ones included). */
async function importsOf(file: string, known: Set<string>): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  return [...text.matchAll(/^import\s[^;]*?from\s+'(\.[^']+)';/gms)]
    .map((m) => resolve(dirname(file), m[1] as string))
    .flatMap((base) => [`${base}.ts`, join(base, 'index.ts')].filter((f) => known.has(f)).slice(0, 1));
}

describe('capabilities/ogc imports', () => {
  it('have no circle', async () => {
    const files = await sources(ROOT);
    const known = new Set(files);
    const graph = new Map(await Promise.all(files.map(async (f): Promise<[string, string[]]> => [f, await importsOf(f, known)])));
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        circles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(ROOT, f)).join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(circles).toEqual([]);
    // The graph was read: the error path imports the XML helpers.
    expect(graph.get(join(ROOT, 'errors.ts'))?.map((f) => relative(ROOT, f))).toContain('xml.ts');
  });
});
