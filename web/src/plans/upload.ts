import { answerError } from '@calepin/map-kit/api';
import { ApiError, api, errorMessages, tokens } from '../api/http';
import i18n from '../i18n';
import type { PlanAccepted } from './types';

export interface PlanFiles {
  file: File;
  worldFile?: File | null;
  prj?: File | null;
  name?: string;
}

/**
 * Sends a plan and its sidecars as multipart/form-data with XMLHttpRequest, the one browser
 * API that reports upload progress (fetch does not). `onProgress` gets 0..1.
 */
function send(files: PlanFiles, plantId: string, onProgress: (ratio: number) => void, signal?: AbortSignal) {
  return new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    const form = new FormData();
    if (files.name?.trim()) form.append('name', files.name.trim());
    if (files.worldFile) form.append('worldFile', files.worldFile, files.worldFile.name);
    if (files.prj) form.append('prj', files.prj, files.prj.name);
    // The plan last: the server reads the small fields before streaming the big file.
    form.append('file', files.file, files.file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', api.url('post', '/plants/{plantId}/plans', { path: { plantId } }));
    xhr.setRequestHeader('accept-language', i18n.language);
    if (tokens.accessToken) xhr.setRequestHeader('authorization', `Bearer ${tokens.accessToken}`);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => resolve({ status: xhr.status, body: xhr.response as unknown });
    xhr.onerror = () => reject(new ApiError(0, 'network', errorMessages.network()));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

/** Uploads a plan: 202 {plan, job}. Renews the token once on 401, as api() does. */
export async function uploadPlan(
  plantId: string, files: PlanFiles, onProgress: (ratio: number) => void, signal?: AbortSignal,
): Promise<PlanAccepted> {
  let answer = await send(files, plantId, onProgress, signal);
  if (answer.status === 401 && tokens.hasStoredSession() && (await tokens.refresh())) {
    onProgress(0);
    answer = await send(files, plantId, onProgress, signal);
  }
  if (answer.status < 200 || answer.status >= 300) throw answerError(answer.status, answer.body, errorMessages);
  onProgress(1);
  return answer.body as PlanAccepted;
}
