import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format';
import { useMarkRead, useNotifications } from './api';
import '../planning/planning.css';

/** The bell in the header: the user's notifications (missions planned, changed, cancelled). */
export function NotificationBell() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const list = useNotifications(true);
  const markRead = useMarkRead();
  const unread = list.data?.unread ?? 0;
  return (
    <div className="bell" data-testid="bell">
      <button type="button" onClick={() => setOpen(!open)} aria-expanded={open}
        aria-label={`${t('missions.notifications.title')}${unread ? ` — ${t('missions.notifications.unread', { count: unread })}` : ''}`}>
        <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" /><path d="M13.73 21a2 2 0 0 1-3.46 0" />
        </svg>
        {unread > 0 && <span className="count" data-testid="bell-count">{unread}</span>}
      </button>
      {open && (
        <div className="panel" role="dialog" aria-label={t('missions.notifications.title')}>
          {list.data?.items.length ? (
            <ul className="plain">
              {list.data.items.map((n) => (
                <li key={n.id} className={n.readAt ? '' : 'unread'}>
                  {n.missionId ? <Link to={`/missions/${n.missionId}`} onClick={() => setOpen(false)}>{n.message}</Link> : n.message}
                  <div className="muted">{formatDateTime(n.createdAt)}</div>
                </li>
              ))}
            </ul>
          ) : <p className="muted">{t('missions.notifications.none')}</p>}
          {unread > 0 && <button type="button" className="link" onClick={() => markRead.mutate()}>{t('missions.notifications.markRead')}</button>}
        </div>
      )}
    </div>
  );
}
