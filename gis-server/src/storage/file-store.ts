import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * The one storage interface for files (docs/sync.md §8): content-addressed by SHA-256, so
 * a file is stored once however often it is sent, and kept byte for byte. The local-disk
 * store below is today's implementation; an S3-compatible store (objects named by the same
 * keys, `put` through a multipart upload hashed on the way) is the other one to add.
 */
export interface FileStore {
  /** Streams `source` in; throws TooLarge past `limit` bytes (nothing is kept). */
  put(source: Readable, limit?: number): Promise<{ sha256: string; size: number }>;
  /** The file, or null when the store does not have it. */
  open(sha256: string): Promise<{ stream: Readable; size: number } | null>;
  /** Its size when the store has it, else null. */
  has(sha256: string): Promise<{ size: number } | null>;
  delete(sha256: string): Promise<void>;
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Files on the local disk under `root/<namespace>/ab/abcdef…` (`CALEPIN_FILES_DIR`). The
 * namespace keeps kinds apart (documents, plans, photos, voice notes, their derivatives);
 * the storage key the database records is `key(sha256)`. GDAL and sharp read local files:
 * `path(sha256)` gives them one.
 */
export class LocalFileStore implements FileStore {
  constructor(
    readonly root: string,
    readonly namespace: string,
  ) {
    if (!/^[a-z][a-z0-9-]*$/.test(namespace)) throw new Error(`bad file store namespace ${namespace}`);
  }

  key(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return `${this.namespace}/${sha256.slice(0, 2)}/${sha256}`;
  }

  path(sha256: string): string {
    const path = resolve(this.root, this.key(sha256));
    if (!path.startsWith(resolve(this.root) + sep)) throw new Error(`storage key outside the store: ${sha256}`);
    return path;
  }

  async put(source: Readable, limit = Number.POSITIVE_INFINITY): Promise<{ sha256: string; size: number }> {
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
      const path = this.path(sha256);
      await mkdir(dirname(path), { recursive: true });
      // Same bytes, same name: a second copy replaces the first with identical content.
      await rename(tmp, path);
      return { sha256, size };
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async open(sha256: string): Promise<{ stream: Readable; size: number } | null> {
    const found = await this.has(sha256);
    return found ? { stream: createReadStream(this.path(sha256)), size: found.size } : null;
  }

  async has(sha256: string): Promise<{ size: number } | null> {
    if (!SHA256.test(sha256)) return null;
    const info = await stat(this.path(sha256)).catch(() => null);
    return info?.isFile() ? { size: info.size } : null;
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.path(sha256), { force: true });
  }
}

export class TooLarge extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes`);
  }
}
