import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Files on the local disk, content-addressed: a file is stored once under its SHA-256
 * (`<kind>/ab/abcdef…`), whatever its name, and kept byte for byte. The storage key is
 * what the database records; an S3-compatible store can take the same keys later.
 */
export class FileStore {
  constructor(readonly root: string) {}

  /** Streams `source` into the store; throws TooLarge past `limit` bytes (nothing is kept). */
  async put(kind: string, source: Readable, limit: number): Promise<{ key: string; sha256: string; size: number }> {
    const tmpDir = join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > limit) return done(new TooLarge(limit));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(tmp));
      const sha256 = hash.digest('hex');
      const key = `${kind}/${sha256.slice(0, 2)}/${sha256}`;
      const path = this.path(key);
      await mkdir(dirname(path), { recursive: true });
      await rename(tmp, path);
      return { key, sha256, size };
    } finally {
      await rm(tmp, { force: true });
    }
  }

  /** The file of a key, or null when the store does not have it. */
  async open(key: string): Promise<{ stream: Readable; size: number } | null> {
    const path = this.path(key);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return null;
    return { stream: createReadStream(path), size: info.size };
  }

  private path(key: string): string {
    const path = resolve(this.root, key);
    // Keys come from the database, but a key must never reach outside the store.
    if (!path.startsWith(resolve(this.root) + sep)) throw new Error(`storage key outside the store: ${key}`);
    return path;
  }
}

export class TooLarge extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes`);
  }
}
