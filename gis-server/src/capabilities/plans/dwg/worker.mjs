// Runs in a worker thread (see convert.ts): reads a DWG with acad-ts (MIT) and writes it as
// an ASCII DXF that GDAL's DXF driver reads. Plain JavaScript so that a bare Node worker
// runs it under tsx, vitest and production alike.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { DwgReader, DxfWriter } from '@node-projects/acad-ts';

const { src, dest } = workerData;
try {
  const bytes = readFileSync(src);
  const doc = DwgReader.readFromStream(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const entities = doc.modelSpace ? doc.modelSpace.entities.count : 0;
  const fd = openSync(dest, 'w');
  try {
    // The writer emits many small strings: write them a megabyte at a time.
    let pending = [];
    let size = 0;
    const flush = () => {
      if (size === 0) return;
      writeSync(fd, pending.join(''));
      pending = [];
      size = 0;
    };
    const output = {
      write(text) {
        pending.push(text);
        size += text.length;
        if (size > 1 << 20) flush();
      },
    };
    DxfWriter.writeToStream(output, doc, false);
    flush();
  } finally {
    closeSync(fd);
  }
  parentPort.postMessage({ ok: true, entities });
} catch (error) {
  parentPort.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
