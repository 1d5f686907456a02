import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AUDIT_TYPES, MISSION_STATUSES } from '@calepin/core';
import { canManage, useAuth } from '../auth/session';
import { Pager } from '../components/Pager';
import { ErrorMessage, Loading } from '../components/ui';
import { useDebounced } from '../components/useDebounced';
import { formatDateTime } from '../format';
import { useMissions } from './api';

const LIMIT = 50;

export function MissionsPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const [auditType, setAuditType] = useState('');
  const [offset, setOffset] = useState(0);
  const query = useDebounced(q);
  const missions = useMissions({ q: query || undefined, status: status || undefined, auditType: auditType || undefined, limit: LIMIT, offset });
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('missions.title')}</h1>
        {canManage(user?.role) && <Link className="button primary" to="/missions/new">{t('missions.new')}</Link>}
      </div>
      <div className="toolbar">
        <input type="search" className="search" placeholder={t('missions.searchPlaceholder')} aria-label={t('common.search')}
          value={q} onChange={(e) => { setQ(e.target.value); setOffset(0); }} />
        <select value={status} onChange={(e) => { setStatus(e.target.value); setOffset(0); }} aria-label={t('missions.fields.status')}>
          <option value="">{t('missions.allStatuses')}</option>
          {MISSION_STATUSES.map((s) => <option key={s} value={s}>{t(`missions.statuses.${s}`)}</option>)}
        </select>
        <select value={auditType} onChange={(e) => { setAuditType(e.target.value); setOffset(0); }} aria-label={t('missions.fields.auditTypes')}>
          <option value="">{t('missions.allAuditTypes')}</option>
          {AUDIT_TYPES.map((a) => <option key={a} value={a}>{t(`auditTypes.${a}`)}</option>)}
        </select>
      </div>
      <ErrorMessage error={missions.error} />
      {missions.isPending ? <Loading /> : missions.data && (
        missions.data.items.length === 0 ? <p className="muted">{t('missions.empty')}</p> : (
          <table className="list" data-testid="missions-table">
            <thead>
              <tr>
                <th>{t('missions.fields.reference')}</th><th>{t('missions.fields.title')}</th><th>{t('missions.fields.plant')}</th>
                <th>{t('missions.fields.auditTypes')}</th><th>{t('missions.fields.plannedStart')}</th><th>{t('missions.fields.status')}</th>
              </tr>
            </thead>
            <tbody>
              {missions.data.items.map((m) => (
                <tr key={m.id} className="clickable" onClick={() => navigate(`/missions/${m.id}`)}>
                  <td><Link to={`/missions/${m.id}`}>{m.reference}</Link></td>
                  <td>{m.title}</td>
                  <td>{m.plantName}<div className="muted">{m.clientName}</div></td>
                  <td>{m.auditTypes.map((a) => t(`auditTypes.${a}`)).join(', ')}</td>
                  <td>{formatDateTime(m.plannedStart)}</td>
                  <td><span className={`pill pill-${m.status}`}>{t(`missions.statuses.${m.status}`)}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}
      {missions.data && <Pager offset={offset} limit={LIMIT} total={missions.data.total} onChange={setOffset} />}
    </div>
  );
}
