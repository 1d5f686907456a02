// A photo as the device keeps it (decrypted in memory, never written back in clear); one the
// device does not hold (a teammate's, or one freed once the server confirmed it) is fetched
// from the server while online — its web size, in memory only — or said to be on the server.
import { useEffect, useState } from 'react';
import { authorizedFetch } from '../app/session';
import { files, isOnline } from '../device';
import { useI18n } from '../i18n';

interface Props {
  sha256: string | null;
  mimeType: string;
  label: string;
  /** The photo's row, to fetch its file from the server when the device has none. */
  photoId?: string | null;
}

async function remote(photoId: string): Promise<Blob | null> {
  if (!isOnline()) return null;
  const response = await authorizedFetch(`/api/v1/photos/${photoId}/file?size=web`);
  return response.ok ? response.blob() : null;
}

export function PhotoThumb({ sha256, mimeType, label, photoId = null }: Props) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    let href: string | null = null;
    let gone = false;
    void (async () => {
      const bytes = sha256 ? await files.get(sha256).catch(() => null) : null;
      let blob = bytes ? new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType }) : null;
      // A teammate's photo row can come before its file (pushed first, uploaded after): asked again for a minute.
      for (let attempt = 0; !blob && photoId && attempt < 20 && !gone; attempt++) {
        if (attempt) await new Promise((resolve) => setTimeout(resolve, 3000));
        blob = await remote(photoId).catch(() => null);
        if (!isOnline()) break;
      }
      if (gone) return;
      if (!blob) return setMissing(true);
      href = URL.createObjectURL(blob);
      setUrl(href);
    })();
    return () => {
      gone = true;
      if (href) URL.revokeObjectURL(href);
    };
  }, [sha256, mimeType, photoId]);
  if (missing) return <span className="thumb remote" title={label}>{t('photo.onServer')}</span>;
  if (!url) return <span className="thumb loading" />;
  if (mimeType.startsWith('audio/')) return <audio className="voice" controls src={url} aria-label={label} />;
  return <img className="thumb" src={url} alt={label} data-testid="photo-thumb" />;
}
