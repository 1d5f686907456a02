import { type FormEvent, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { type CalendarFeed, UNAVAILABILITY_REASONS } from '@calepin/core';
import { queryKeys } from '@calepin/map-kit/api';
import { api } from '../api/http';
import { ErrorMessage } from '../components/ui';
import { formatDateTime } from '../format';
import { fromLocalInput } from '../missions/time';

type Technician = { id: string; fullName: string };

/** An absence (leave, training…): the board shows it and refuses slots over it. */
export function AbsenceForm({ technicians }: { technicians: Technician[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({ technicianId: '', start: '', end: '', reason: 'leave' });
  const save = useMutation({
    // Empty fields go as they are: the server names the field that is missing.
    mutationFn: () => api.post('/planning/unavailability', {
      body: {
        technicianId: values.technicianId, start: fromLocalInput(values.start) ?? '', end: fromLocalInput(values.end) ?? '',
        reason: values.reason as (typeof UNAVAILABILITY_REASONS)[number],
      },
    }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.board() }),
  });
  const submit = (e: FormEvent) => { e.preventDefault(); save.mutate(); };
  return (
    <form className="card form-inline" onSubmit={submit} data-testid="absence-form">
      <h2>{t('missions.board.newAbsence')}</h2>
      <select value={values.technicianId} onChange={(e) => setValues({ ...values, technicianId: e.target.value })} aria-label={t('missions.board.technician')}>
        <option value="">{t('missions.board.technician')}</option>
        {technicians.map((u) => <option key={u.id} value={u.id}>{u.fullName}</option>)}
      </select>
      <label>{t('missions.board.absenceFrom')} <input type="datetime-local" value={values.start} onChange={(e) => setValues({ ...values, start: e.target.value })} /></label>
      <label>{t('missions.board.absenceTo')} <input type="datetime-local" value={values.end} onChange={(e) => setValues({ ...values, end: e.target.value })} /></label>
      <select value={values.reason} onChange={(e) => setValues({ ...values, reason: e.target.value })} aria-label="reason">
        {UNAVAILABILITY_REASONS.map((r) => <option key={r} value={r}>{t(`missions.board.reasons.${r}`)}</option>)}
      </select>
      <button type="submit" disabled={save.isPending}>{t('common.create')}</button>
      <ErrorMessage error={save.error} />
    </form>
  );
}

/** Secret iCal URLs for calendar apps: the team's, or one technician's; revocable. */
export function FeedsPanel({ technicians }: { technicians: Technician[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const feeds = useQuery({ queryKey: queryKeys.calendarFeeds(), queryFn: () => api.get('/calendar-feeds') });
  const [who, setWho] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: async () => (await api.post('/calendar-feeds', { body: { technicianId: who || null } })) as CalendarFeed,
    onSuccess: (feed) => { setCreated(feed.url ?? null); void queryClient.invalidateQueries({ queryKey: queryKeys.calendarFeeds() }); },
  });
  const revoke = useMutation({
    mutationFn: (feedId: string) => api.delete('/calendar-feeds/{feedId}', { path: { feedId } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.calendarFeeds() }),
  });
  return (
    <section className="card" data-testid="feeds">
      <h2>{t('missions.board.feeds')}</h2>
      <div className="form-inline">
        <select value={who} onChange={(e) => setWho(e.target.value)} aria-label={t('missions.board.feeds')}>
          <option value="">{t('missions.board.feedTeam')}</option>
          {technicians.map((u) => <option key={u.id} value={u.id}>{t('missions.board.feedMine', { name: u.fullName })}</option>)}
        </select>
        <button type="button" onClick={() => create.mutate()}>{t('common.create')}</button>
      </div>
      {created && <p className="notice">{t('missions.board.feedCreated')} <code>{created}</code></p>}
      <ErrorMessage error={create.error ?? revoke.error} />
      <ul className="plain">
        {feeds.data?.filter((f) => !f.revokedAt).map((f) => (
          <li key={f.id}>
            {f.technician ? t('missions.board.feedMine', { name: f.technician }) : t('missions.board.feedTeam')} · {formatDateTime(f.createdAt)}
            {' '}<button type="button" className="link" onClick={() => revoke.mutate(f.id)}>{t('missions.board.revoke')}</button>
          </li>
        ))}
      </ul>
    </section>
  );
}
