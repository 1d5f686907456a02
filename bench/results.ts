// Writes one benchmark's section of bench/RESULTS.md, leaving the others as they are.
import { cpus, totalmem } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';

const path = new URL('./RESULTS.md', import.meta.url);

export function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`;
}

/** Median and 95th percentile (nearest rank) of a list of numbers. */
export function stats(values: number[]): { median: number; p95: number; n: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
  return { median: at(0.5), p95: at(0.95), n: sorted.length };
}

export async function writeSection(name: string, body: string): Promise<void> {
  let doc = await readFile(path, 'utf8').catch(
    () => '# Benchmark results\n\nWritten by `npm run bench`; each section is replaced by its own benchmark.\n',
  );
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const section = `${begin}\n${body.trim()}\n${end}`;
  const start = doc.indexOf(begin);
  const stop = doc.indexOf(end);
  doc = start >= 0 && stop > start ? doc.slice(0, start) + section + doc.slice(stop + end.length) : `${doc.trimEnd()}\n\n${section}\n`;
  await writeFile(path, doc);
}
