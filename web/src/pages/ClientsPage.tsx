import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useClients } from '../api/queries';
import { canManage, useAuth } from '../auth/session';
import { Pager } from '../components/Pager';
import { ErrorMessage, Loading } from '../components/ui';
import { useDebounced } from '../components/useDebounced';
import { formatNumber } from '../format';

const LIMIT = 50;

export function ClientsPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const query = useDebounced(q);
  const clients = useClients({ q: query || undefined, limit: LIMIT, offset });
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('clients.title')}</h1>
        {canManage(user?.role) && <Link className="button primary" to="/clients/new">{t('clients.new')}</Link>}
      </div>
      <input
        type="search"
        className="search"
        placeholder={t('clients.searchPlaceholder')}
        aria-label={t('common.search')}
        value={q}
        onChange={(e) => { setQ(e.target.value); setOffset(0); }}
      />
      <ErrorMessage error={clients.error} />
      {clients.isPending ? <Loading /> : clients.data && (
        clients.data.items.length === 0 ? <p className="muted">{t('clients.empty')}</p> : (
          <table className="list" data-testid="clients-table">
            <thead>
              <tr>
                <th>{t('clients.fields.name')}</th>
                <th>{t('clients.fields.city')}</th>
                <th>{t('clients.fields.siret')}</th>
                <th className="num">{t('clients.plantCount')}</th>
              </tr>
            </thead>
            <tbody>
              {clients.data.items.map((c) => (
                <tr key={c.id} className="clickable" onClick={() => navigate(`/clients/${c.id}`)}>
                  <td><Link to={`/clients/${c.id}`}>{c.name}</Link></td>
                  <td>{c.city ?? '—'}</td>
                  <td>{c.siret ?? '—'}</td>
                  <td className="num">{formatNumber(c.plantCount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}
      {clients.data && <Pager offset={offset} limit={LIMIT} total={clients.data.total} onChange={setOffset} />}
    </div>
  );
}
