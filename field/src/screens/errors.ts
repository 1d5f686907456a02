// Every error the technician may meet, worded in their language: the store's (a package of
// another version, a corrupt file, storage full, open in another tab), the device's (camera,
// microphone or GPS refused), the server's (its own message) and the network's.
import { ApiError } from '@calepin/map-kit/api';
import { DeviceError } from '../device';
import { DownloadError } from '../download/download';
import type { Translate } from '../i18n';
import { StoreError } from '../store/types';

export function describeError(error: unknown, t: Translate): string {
  if (error instanceof StoreError) {
    if (error.code === 'invalid' || error.code === 'not_found') return t(`store.${error.code}`, { detail: error.message });
    return t(`store.${error.code}`);
  }
  if (error instanceof DeviceError) return t(`device.${error.code}`);
  if (error instanceof DownloadError) return error.code === 'network' ? t('error.network') : t('download.failed', { detail: error.message });
  if (error instanceof ApiError) return error.status === 0 ? t('error.network') : error.message;
  if (error instanceof DOMException && error.name === 'QuotaExceededError') return t('store.storage_full');
  return (error as Error)?.message ?? String(error);
}
