// The device's storage besides the store's database: downloads in progress (resumable, in
// the Origin Private File System) and the photos and voice notes, encrypted with AES-GCM under
// a key WebCrypto made non-extractable and IndexedDB keeps (the key object itself, never its
// bytes): a copied OPFS folder or a stolen export holds nothing readable.
import { DeviceError } from './errors';

async function dir(path: string[], create = true): Promise<FileSystemDirectoryHandle> {
  if (typeof navigator.storage?.getDirectory !== 'function') throw new DeviceError('storage_unavailable', 'no Origin Private File System');
  let handle = await navigator.storage.getDirectory();
  for (const part of path) handle = await handle.getDirectoryHandle(part, { create });
  return handle;
}

const quota = (error: unknown) =>
  error instanceof DOMException && error.name === 'QuotaExceededError' ? new DeviceError('storage_full', error.message) : error;

/** Downloads written piece by piece into OPFS, so that a reload resumes where the file ends. */
export const downloads = {
  path: (name: string) => ['downloads', name],

  async size(name: string): Promise<number> {
    try {
      return (await (await (await dir(['downloads'])).getFileHandle(name)).getFile()).size;
    } catch {
      return 0;
    }
  },

  /** Appends a piece at `offset` (the file's current size; anything beyond is cut off first). */
  async append(name: string, offset: number, bytes: Uint8Array): Promise<void> {
    const file = await (await dir(['downloads'])).getFileHandle(name, { create: true });
    const writable = await file.createWritable({ keepExistingData: true });
    try {
      await writable.truncate(offset);
      await writable.write({ type: 'write', position: offset, data: bytes as Uint8Array<ArrayBuffer> });
      await writable.close();
    } catch (error) {
      await writable.abort().catch(() => {});
      throw quota(error);
    }
  },

  async remove(name: string): Promise<void> {
    await (await dir(['downloads'])).removeEntry(name).catch(() => {});
  },
};

const KEY_DB = 'calepin-field-keys';

function keyStore<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(KEY_DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore('keys');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('keys', mode);
      const request = run(tx.objectStore('keys'));
      tx.oncomplete = () => {
        open.result.close();
        resolve(request.result);
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

let keyPromise: Promise<CryptoKey> | null = null;
/** The device's file key: made once, non-extractable, kept in IndexedDB. */
export function fileKey(): Promise<CryptoKey> {
  keyPromise ??= (async () => {
    const known = await keyStore<CryptoKey | undefined>('readonly', (s) => s.get('files'));
    if (known) return known;
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    await keyStore('readwrite', (s) => s.put(key, 'files'));
    return key;
  })();
  return keyPromise;
}

export async function sha256Hex(bytes: BufferSource): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Photos and voice notes, encrypted, under their SHA-256: `files/<sha256>` holds a 12-byte IV then the ciphertext. */
export const files = {
  async put(sha256: string, bytes: Uint8Array): Promise<void> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await fileKey(), bytes as Uint8Array<ArrayBuffer>));
    const handle = await (await dir(['files'])).getFileHandle(sha256, { create: true });
    const writable = await handle.createWritable();
    try {
      await writable.write(iv);
      await writable.write(sealed);
      await writable.close();
    } catch (error) {
      await writable.abort().catch(() => {});
      throw quota(error);
    }
  },

  async get(sha256: string): Promise<Uint8Array | null> {
    let file: File;
    try {
      file = await (await (await dir(['files'])).getFileHandle(sha256)).getFile();
    } catch {
      return null;
    }
    const data = new Uint8Array(await file.arrayBuffer());
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: data.slice(0, 12) }, await fileKey(), data.slice(12));
    return new Uint8Array(plain);
  },

  async has(sha256: string): Promise<boolean> {
    try {
      await (await dir(['files'])).getFileHandle(sha256);
      return true;
    } catch {
      return false;
    }
  },

  async remove(sha256: string): Promise<void> {
    await (await dir(['files'])).removeEntry(sha256).catch(() => {});
  },

  /** Bytes the encrypted files take on the device. */
  async bytes(): Promise<number> {
    let total = 0;
    const folder = await dir(['files']);
    for await (const handle of (folder as unknown as { values(): AsyncIterable<FileSystemFileHandle> }).values()) total += (await handle.getFile()).size;
    return total;
  },
};

/** Asks the browser to keep this site's storage when space runs short; and how much is used. */
export async function storageEstimate(): Promise<{ usage: number; quota: number; persisted: boolean }> {
  const persisted = (await navigator.storage?.persisted?.()) || (await navigator.storage?.persist?.().catch(() => false)) || false;
  const estimate = await navigator.storage?.estimate?.();
  return { usage: estimate?.usage ?? 0, quota: estimate?.quota ?? 0, persisted };
}
