// POST /plants/{plantId}/plans: multipart upload streamed to the file store, checked by content.
import { open, rm } from 'node:fs/promises';
import busboy from 'busboy';
import gdal from 'gdal-async';
import type { Queryable } from '../../db';
import type { AppContext } from '../../http/context';
import { ApiError, badRequest } from '../../http/errors';
import { LocalFileStore, TooLarge } from '../../storage/file-store';
import { dxfOf } from './dwg/convert';
import { storedPath } from './files';
import { epsgOf } from './raster';
import { type Sniffed, sniff } from './sniff';

export interface Upload {
  stored: { key: string; sha256: string; size: number };
  filename: string;
  name: string | null;
  worldFile: string | null;
  prj: string | null;
}

const SIDECAR_LIMIT = 20_000;
const sizeText = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
export const tooLarge = (limit: number) =>
  new ApiError(413, 'payload_too_large', { key: 'e.upload_too_large', params: { limit: sizeText(limit) } });

/** Reads the multipart body: the plan streams to the store, sidecars and name stay in memory. */
export function readUpload(ctx: AppContext, db: Queryable, filesDir: string, limit: number): Promise<Upload> {
  if (!ctx.is('multipart/form-data')) return Promise.reject(new ApiError(415, 'unsupported_media_type', { key: 'e.plan_multipart' }));
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: ctx.req.headers, limits: { files: 3, fields: 5, fieldSize: SIDECAR_LIMIT } });
    } catch {
      return reject(new ApiError(400, 'plan_multipart', { key: 'e.plan_multipart' }));
    }
    let stored: Promise<Upload['stored']> | null = null;
    let filename = 'plan';
    let name: string | null = null;
    const sidecars: Record<string, Promise<string>> = {};
    parser.on('file', (field, stream, info) => {
      if (field === 'file' && !stored) {
        filename = info.filename || 'plan';
        const store = new LocalFileStore(filesDir, 'plans');
        stored = store.put(stream, limit).then((file) => ({ ...file, key: store.key(file.sha256) }));
        stored.catch(() => stream.resume());
      } else if ((field === 'worldFile' || field === 'prj') && !sidecars[field]) {
        sidecars[field] = new Promise((ok, ko) => {
          const chunks: Buffer[] = [];
          let size = 0;
          stream.on('data', (c: Buffer) => {
            size += c.length;
            if (size <= SIDECAR_LIMIT) chunks.push(c);
          });
          stream.on('end', () => (size > SIDECAR_LIMIT ? ko(badRequest('validation_failed', 'v.too_long', {}, field)) : ok(Buffer.concat(chunks).toString('utf8'))));
          stream.on('error', ko);
        });
      } else {
        stream.resume();
      }
    });
    parser.on('field', (field, value) => {
      if (field === 'name') name = value.trim().slice(0, 200) || null;
      if ((field === 'worldFile' || field === 'prj') && !sidecars[field]) sidecars[field] = Promise.resolve(value);
    });
    const refuse = () => {
      reject(new ApiError(400, 'plan_multipart', { key: 'e.plan_multipart' }));
      // Whatever was stored of a broken upload goes.
      void stored?.then((file) => discard(db, filesDir, file.key), () => undefined);
    };
    parser.on('error', refuse);
    ctx.req.on('aborted', refuse);
    parser.on('close', () => {
      void (async () => {
        if (!stored) throw badRequest('plan_file_missing', 'e.plan_file_missing', {}, 'file');
        let file: Upload['stored'];
        try {
          file = await stored;
        } catch (error) {
          throw error instanceof TooLarge ? tooLarge(limit) : error;
        }
        const [worldFile, prj] = await Promise.all([sidecars.worldFile ?? null, sidecars.prj ?? null]).catch(async (e: unknown) => {
          await discard(db, filesDir, file.key);
          throw e;
        });
        return { stored: file, filename, name, worldFile, prj };
      })().then(resolve, reject);
    });
    ctx.req.pipe(parser);
  });
}

/** Removes an upload from the store unless a plan still uses it (the store is content-addressed). */
export async function discard(db: Queryable | null, filesDir: string, key: string): Promise<void> {
  if (db) {
    const { rowCount } = await db.query('select 1 from plans where storage_key = $1', [key]);
    if (rowCount) return;
  }
  await rm(storedPath(filesDir, key), { force: true });
  await rm(dxfOf(storedPath(filesDir, key)), { force: true }); // a DWG's converted DXF
}

export async function sniffFile(path: string): Promise<Sniffed | null> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return sniff(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** The EPSG code a .prj sidecar describes (WKT, or EPSG:nnnn). */
export function prjSrid(text: string): number | null {
  try {
    return epsgOf(gdal.SpatialReference.fromUserInput(text.trim()));
  } catch {
    return null;
  }
}
