import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useClients, usePlants } from '../api/queries';
import { canManage, isStaff, useAuth } from '../auth/session';
import { Pager } from '../components/Pager';
import { ErrorMessage, Loading } from '../components/ui';
import { useDebounced } from '../components/useDebounced';
import { formatNumber, formatPower } from '../format';

const LIMIT = 50;

export function PlantsPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [clientId, setClientId] = useState('');
  const [offset, setOffset] = useState(0);
  const query = useDebounced(q);
  const plants = usePlants({ q: query || undefined, clientId: clientId || undefined, limit: LIMIT, offset });
  const clients = useClients({ limit: 500 });
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('plants.title')}</h1>
        {canManage(user?.role) && <Link className="button primary" to="/plants/new">{t('plants.new')}</Link>}
      </div>
      <div className="toolbar">
        <input
          type="search"
          className="search"
          placeholder={t('plants.searchPlaceholder')}
          aria-label={t('common.search')}
          value={q}
          onChange={(e) => { setQ(e.target.value); setOffset(0); }}
        />
        {isStaff(user?.role) && (
          <select value={clientId} onChange={(e) => { setClientId(e.target.value); setOffset(0); }} aria-label={t('plants.fields.clientId')}>
            <option value="">{t('plants.allClients')}</option>
            {clients.data?.items.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        )}
      </div>
      <ErrorMessage error={plants.error} />
      {plants.isPending ? <Loading /> : plants.data && (
        plants.data.items.length === 0 ? <p className="muted">{t('plants.empty')}</p> : (
          <table className="list" data-testid="plants-table">
            <thead>
              <tr>
                <th>{t('plants.fields.name')}</th>
                <th>{t('plants.fields.clientId')}</th>
                <th>{t('plants.fields.city')}</th>
                <th>{t('plants.fields.mounting')}</th>
                <th className="num">{t('dashboard.peakPower')}</th>
                <th className="num">{t('plants.fields.moduleCount')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {plants.data.items.map((p) => (
                <tr key={p.id} className="clickable" onClick={() => navigate(`/plants/${p.id}`)}>
                  <td><Link to={`/plants/${p.id}`}>{p.name}</Link>{p.reference && <span className="muted"> · {p.reference}</span>}</td>
                  <td>{p.clientName}</td>
                  <td>{p.city ?? '—'}</td>
                  <td>{t(`mountings.${p.mounting}`)}</td>
                  <td className="num">{p.peakKwp !== null ? formatPower(p.peakKwp) : '—'}</td>
                  <td className="num">{formatNumber(p.moduleCount)}</td>
                  <td><Link to={`/plants/${p.id}/map`} onClick={(e) => e.stopPropagation()}>{t('map.title')}</Link></td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}
      {plants.data && <Pager offset={offset} limit={LIMIT} total={plants.data.total} onChange={setOffset} />}
    </div>
  );
}
