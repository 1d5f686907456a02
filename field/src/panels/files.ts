// A photo or a voice note taken: its bytes hashed (SHA-256, the file's name on the server too)
// and stored encrypted on the device before the row that names it is written — a tab killed in
// between leaves an unnamed file, never a row without its file.
import { files, imageSize, sha256Hex, takePhoto } from '../device';
import type { DeviceFile } from '../store/types';

export interface TakenFile {
  sha256: string;
  file: DeviceFile;
  width: number | null;
  height: number | null;
  takenAt: string | null;
}

export async function storePhoto(): Promise<TakenFile | null> {
  const photo = await takePhoto();
  if (!photo) return null;
  const bytes = new Uint8Array(await photo.arrayBuffer());
  const sha256 = await sha256Hex(bytes);
  await files.put(sha256, bytes);
  const size = await imageSize(photo);
  return {
    sha256,
    file: { sha256, kind: 'photo', mimeType: photo.type || 'image/jpeg', filename: photo.name.slice(0, 255) || `${sha256.slice(0, 12)}.jpg`, size: bytes.length },
    width: size?.width ?? null,
    height: size?.height ?? null,
    takenAt: photo.lastModified ? new Date(photo.lastModified).toISOString() : null,
  };
}

export async function storeVoice(blob: Blob): Promise<TakenFile> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const sha256 = await sha256Hex(bytes);
  await files.put(sha256, bytes);
  const extension = blob.type.includes('mp4') ? 'm4a' : 'webm';
  return {
    sha256, width: null, height: null, takenAt: new Date().toISOString(),
    file: { sha256, kind: 'voice', mimeType: blob.type || 'audio/webm', filename: `voice-${sha256.slice(0, 12)}.${extension}`, size: bytes.length },
  };
}
