import { type FormEvent, useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_KINDS, type DocumentKind, type PlantDocument } from '@calepin/core';
import { queryKeys } from '@calepin/map-kit/api';
import { api, saveBlob } from '../api/http';
import { useDocuments } from '../api/queries';
import { ErrorMessage, Loading } from '../components/ui';
import { formatBytes, formatDate } from '../format';

export function PlantDocuments({ plantId, editable }: { plantId: string; editable: boolean }) {
  const { t } = useTranslation();
  const documents = useDocuments(plantId);
  const client = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState<DocumentKind>('plan');
  const [title, setTitle] = useState('');
  const [chosen, setChosen] = useState('');
  const refresh = () => client.invalidateQueries({ queryKey: queryKeys.documents(plantId) });
  const upload = useMutation({
    mutationFn: (file: File) =>
      api.post('/plants/{plantId}/documents', {
        path: { plantId }, file, query: { filename: file.name, kind, title: title.trim() || undefined },
      }),
    onSuccess: () => {
      setTitle('');
      setChosen('');
      if (fileInput.current) fileInput.current.value = '';
      return refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (documentId: string) => api.delete('/plants/{plantId}/documents/{documentId}', { path: { plantId, documentId } }),
    onSuccess: refresh,
  });
  const download = useMutation({
    mutationFn: async (doc: PlantDocument) => saveBlob(await api.linked(doc.url), doc.filename),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const file = fileInput.current?.files?.[0];
    if (file) upload.mutate(file);
  }

  return (
    <section className="card" data-testid="documents">
      <h2>{t('documents.title')}</h2>
      {documents.isPending && <Loading />}
      <ErrorMessage error={documents.error} />
      {documents.data && (documents.data.items.length === 0 ? <p className="muted">{t('documents.empty')}</p> : (
        <table className="list compact">
          <thead>
            <tr>
              <th>{t('documents.titleField')}</th><th>{t('documents.kind')}</th><th className="num">{t('documents.size')}</th>
              <th>{t('documents.by')}</th><th>{t('documents.date')}</th><th />
            </tr>
          </thead>
          <tbody>
            {documents.data.items.map((doc) => (
              <tr key={doc.id}>
                <td>
                  <button type="button" className="link" onClick={() => download.mutate(doc)} title={t('common.download')}>{doc.title}</button>
                  {doc.title !== doc.filename && <span className="muted"> · {doc.filename}</span>}
                </td>
                <td>{t(`documents.kinds.${doc.kind}`)}</td>
                <td className="num">{formatBytes(doc.sizeBytes)}</td>
                <td>{doc.uploadedBy ?? '—'}</td>
                <td>{formatDate(doc.createdAt)}</td>
                <td>
                  {editable && (
                    <button type="button" className="link danger-text" onClick={() => window.confirm(t('common.confirmArchive', { name: doc.title })) && remove.mutate(doc.id)}>
                      {t('common.remove')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <ErrorMessage error={download.error ?? remove.error} />
      {editable && (
        <form className="upload" onSubmit={submit}>
          <label className="button file-pick">
            {t('documents.choose')}
            <input type="file" ref={fileInput} className="sr-only" data-testid="document-file" required
              onChange={(e) => setChosen(e.target.files?.[0]?.name ?? '')} />
          </label>
          <span className="muted chosen">{chosen || t('documents.noFile')}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as DocumentKind)} aria-label={t('documents.kind')}>
            {DOCUMENT_KINDS.map((k) => <option key={k} value={k}>{t(`documents.kinds.${k}`)}</option>)}
          </select>
          <input type="text" placeholder={t('documents.titleField')} value={title} onChange={(e) => setTitle(e.target.value)} aria-label={t('documents.titleField')} />
          <button type="submit" disabled={upload.isPending}>{upload.isPending ? t('documents.uploading') : t('documents.upload')}</button>
          <ErrorMessage error={upload.error} />
        </form>
      )}
    </section>
  );
}
