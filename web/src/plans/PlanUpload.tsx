import { type FormEvent, useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { queryKeys } from '@calepin/map-kit/api';
import { ErrorMessage } from '../components/ui';
import { formatPercent } from '../format';
import { ProgressBar } from './ProgressBar';
import { uploadPlan } from './upload';

const PLAN_TYPES = '.pdf,.png,.jpg,.jpeg,.tif,.tiff,.dxf,.dwg,application/pdf,image/png,image/jpeg,image/tiff';
const WORLD_TYPES = '.pgw,.jgw,.tfw,.wld,.pngw,.jpgw,.tifw';

/** Upload of a plan with its optional world file and .prj: upload progress, then the job's. */
export function PlanUpload({ plantId }: { plantId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [worldFile, setWorldFile] = useState<File | null>(null);
  const [prj, setPrj] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [sent, setSent] = useState(0);

  const upload = useMutation({
    mutationFn: (chosen: File) => uploadPlan(plantId, { file: chosen, worldFile, prj, name }, setSent),
    onMutate: () => setSent(0),
    // The plan's row shows the job that reads the upload (plan.job).
    onSuccess: () => {
      setFile(null);
      setWorldFile(null);
      setPrj(null);
      setName('');
      form.current?.reset();
      return client.invalidateQueries({ queryKey: queryKeys.plans(plantId) });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (file) upload.mutate(file);
  }

  return (
    <form className="plan-upload" ref={form} onSubmit={submit} data-testid="plan-upload">
      <p className="hint">{t('plans.accepted')}</p>
      <div className="upload">
        <label className="button file-pick">
          {t('plans.choose')}
          <input type="file" className="sr-only" accept={PLAN_TYPES} data-testid="plan-file" required
            onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <span className="muted chosen" data-testid="plan-chosen">{file?.name ?? t('plans.noFile')}</span>
        <input type="text" value={name} onChange={(e) => setName(e.target.value)}
          placeholder={t('plans.namePlaceholder')} aria-label={t('plans.name')} />
      </div>
      <details className="sidecars">
        <summary>{t('plans.sidecars')} ({t('plans.optional')})</summary>
        <label className="field">
          <span className="field-label">{t('plans.worldFile')}</span>
          <input type="file" accept={WORLD_TYPES} data-testid="plan-worldfile" onChange={(e) => setWorldFile(e.target.files?.[0] ?? null)} />
        </label>
        <label className="field">
          <span className="field-label">{t('plans.prj')}</span>
          <input type="file" accept=".prj" data-testid="plan-prj" onChange={(e) => setPrj(e.target.files?.[0] ?? null)} />
        </label>
      </details>
      <div className="actions">
        <button type="submit" className="primary" disabled={!file || upload.isPending} data-testid="plan-submit">
          {upload.isPending ? t('plans.uploading', { percent: formatPercent(sent) }) : t('plans.upload')}
        </button>
      </div>
      {upload.isPending && <ProgressBar ratio={sent} label={t('plans.sending')} testId="upload-progress" />}
      <ErrorMessage error={upload.error} />
    </form>
  );
}
