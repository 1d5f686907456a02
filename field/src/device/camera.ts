// Photos from the camera as the files it wrote: an <input capture> hands over the original
// JPEG byte for byte, EXIF included (a canvas grab would re-encode it and lose the EXIF).
// On a desktop browser the same input opens a file picker.

/** Asks for a photo; null when the technician cancels. */
export function takePhoto(): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = 'image/*';
    input.setAttribute('capture', 'environment');
    input.style.display = 'none';
    input.dataset.testid = 'camera-input';
    const done = (file: File | null) => {
      input.remove();
      resolve(file);
    };
    input.addEventListener('change', () => done(input.files?.[0] ?? null), { once: true });
    input.addEventListener('cancel', () => done(null), { once: true });
    document.body.append(input);
    input.click();
  });
}

/** The pixel size of an image file (read by the browser; the file itself is untouched). */
export async function imageSize(file: Blob): Promise<{ width: number; height: number } | null> {
  try {
    const bitmap = await createImageBitmap(file);
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return size;
  } catch {
    return null;
  }
}
