// A defect's photos: thumbnails fetched with the token, the one picked shown in its web
// size beside; a photo whose file has not arrived from the field says so.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlobUrl } from '../api/useBlobUrl';

export interface PhotoRef {
  id: string;
  category: string;
  caption: string | null;
  fileState: 'present' | 'preview' | 'pending';
}

const fileUrl = (id: string, size: 'thumb' | 'web') => `/api/v1/photos/${id}/file?size=${size}`;

function Thumb({ photo, active, onPick }: { photo: PhotoRef; active: boolean; onPick(): void }) {
  const { t } = useTranslation();
  const { src, failed } = useBlobUrl(photo.fileState === 'pending' ? null : fileUrl(photo.id, 'thumb'));
  const label = `${t(`photoCategories.${photo.category}`)}${photo.caption ? ` — ${photo.caption}` : ''}`;
  return (
    <button type="button" className={`review-thumb${active ? ' active' : ''}`} onClick={onPick} title={label} data-testid="review-photo" data-file-state={photo.fileState}>
      {photo.fileState === 'pending' ? (
        <span className="photo-pending">{t('review.photoPending')}</span>
      ) : src ? (
        <img src={src} alt={label} />
      ) : (
        <span className="photo-pending">{failed ? t('module.photoMissing') : '…'}</span>
      )}
      {photo.fileState === 'preview' && <span className="photo-flag">{t('review.photoPreview')}</span>}
    </button>
  );
}

export function PhotoStrip({ photos }: { photos: readonly PhotoRef[] }) {
  const [picked, setPicked] = useState<string | null>(null);
  const shown = photos.find((p) => p.id === picked && p.fileState !== 'pending') ?? photos.find((p) => p.fileState !== 'pending') ?? null;
  const { src } = useBlobUrl(shown ? fileUrl(shown.id, 'web') : null);
  if (!photos.length) return null;
  return (
    <div className="review-photos">
      {shown && src && <img className="review-photo-large" src={src} alt={shown.caption ?? ''} data-testid="review-photo-large" />}
      <div className="review-thumbs">
        {photos.map((p) => <Thumb key={p.id} photo={p} active={p.id === shown?.id} onPick={() => setPicked(p.id)} />)}
      </div>
    </div>
  );
}
