// A photo as the device keeps it (decrypted in memory, never written back in clear), or a
// note that the server has it (the device freed its copy once the server confirmed it).
import { useEffect, useState } from 'react';
import { files } from '../device';
import { useI18n } from '../i18n';

export function PhotoThumb({ sha256, mimeType, label }: { sha256: string; mimeType: string; label: string }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    let href: string | null = null;
    let gone = false;
    void files.get(sha256).then((bytes) => {
      if (gone) return;
      if (!bytes) return setMissing(true);
      href = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType }));
      setUrl(href);
    }, () => !gone && setMissing(true));
    return () => {
      gone = true;
      if (href) URL.revokeObjectURL(href);
    };
  }, [sha256, mimeType]);
  if (missing) return <span className="thumb remote" title={label}>{t('photo.onServer')}</span>;
  if (!url) return <span className="thumb loading" />;
  if (mimeType.startsWith('audio/')) return <audio className="voice" controls src={url} aria-label={label} />;
  return <img className="thumb" src={url} alt={label} data-testid="photo-thumb" />;
}
