import { useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { queryKeys } from '@calepin/map-kit/api';
import { ErrorMessage } from '../components/ui';
import { useJob } from './api';
import { ProgressBar } from './ProgressBar';
import type { Job } from './types';

/** The progress of a background job (GET /jobs/{id}), until it ends; then the plans are refreshed. */
export function JobProgress({ jobId, label, onEnd, describe }: {
  jobId: string; label?: string; onEnd?: (job: Job) => void;
  /** The job's message in words (a job reports its step as a code: `maps`, `pdf`…). */
  describe?: (message: string | null | undefined) => string;
}) {
  const { t } = useTranslation();
  const job = useJob(jobId);
  const client = useQueryClient();
  const ended = useRef(false);
  const state = job.data?.state;

  useEffect(() => {
    if (!job.data || ended.current || (state !== 'completed' && state !== 'failed')) return;
    ended.current = true;
    void client.invalidateQueries({ queryKey: queryKeys.plans() });
    void client.invalidateQueries({ queryKey: queryKeys.plan() });
    onEnd?.(job.data);
  }, [state, job.data, client, onEnd]);

  if (job.error) return <ErrorMessage error={job.error} />;
  if (!job.data) return <ProgressBar ratio={0} label={label ?? t('plans.jobQueued')} testId="job-progress" />;
  const { data } = job;
  if (data.state === 'failed') {
    return (
      <div className="error" role="alert" data-testid="job-failed">
        <strong>{t('plans.jobFailed')}</strong>
        {data.message && <div>{data.message}</div>}
      </div>
    );
  }
  const text = data.state === 'queued' ? t('plans.jobQueued') : data.state === 'completed' ? t('plans.jobDone') : (describe ? describe(data.message) : (data.message ?? label ?? t('plans.processing')));
  return <ProgressBar ratio={data.state === 'completed' ? 1 : data.progress} label={text} testId="job-progress" />;
}
