// The administrator's list of accounts (issue 13: the README promised these screens).
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '@calepin/core';
import { Pager } from '../components/Pager';
import { ErrorMessage, Loading } from '../components/ui';
import { useDebounced } from '../components/useDebounced';
import { formatDate } from '../format';
import { useUsers } from './queries';

const LIMIT = 50;

export function UsersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [offset, setOffset] = useState(0);
  const query = useDebounced(q);
  const users = useUsers({ q: query || undefined, role: role || undefined, limit: LIMIT, offset });
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('users.title')}</h1>
        <Link className="button primary" to="/admin/users/new" data-testid="user-new">{t('users.new')}</Link>
      </div>
      <div className="toolbar">
        <input
          type="search" className="search" placeholder={t('users.searchPlaceholder')} aria-label={t('common.search')}
          value={q} onChange={(e) => { setQ(e.target.value); setOffset(0); }} data-testid="user-search"
        />
        <select value={role} onChange={(e) => { setRole(e.target.value as Role | ''); setOffset(0); }} aria-label={t('users.fields.role')}>
          <option value="">{t('users.allRoles')}</option>
          {ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
        </select>
      </div>
      <ErrorMessage error={users.error} />
      {users.isPending ? <Loading /> : users.data && (
        users.data.items.length === 0 ? <p className="muted">{t('users.empty')}</p> : (
          <table className="list" data-testid="users-table">
            <thead>
              <tr>
                <th>{t('users.fields.fullName')}</th>
                <th>{t('users.fields.email')}</th>
                <th>{t('users.fields.role')}</th>
                <th>{t('users.lastLogin')}</th>
                <th>{t('users.state')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.id} className={`clickable${u.disabled ? ' muted' : ''}`} onClick={() => navigate(`/admin/users/${u.id}`)} data-testid="user-row">
                  <td><Link to={`/admin/users/${u.id}`}>{u.fullName}</Link></td>
                  <td>{u.email}</td>
                  <td>{t(`roles.${u.role}`)}</td>
                  <td>{u.lastLoginAt ? formatDate(u.lastLoginAt) : '—'}</td>
                  <td>{u.disabled ? t('users.disabled') : t('users.active')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}
      {users.data && <Pager offset={offset} limit={LIMIT} total={users.data.total} onChange={setOffset} />}
    </div>
  );
}
