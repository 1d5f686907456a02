import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { LOCALES } from '@calepin/core';
import { canManage, isStaff, useAuth } from '../auth/session';
import { setLanguage } from '../i18n';
import { NotificationBell } from '../missions/NotificationBell';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="lang">
      <span className="sr-only">{t('nav.language')}</span>
      <select value={i18n.language} onChange={(e) => setLanguage(e.target.value as (typeof LOCALES)[number])} data-testid="lang">
        <option value="fr">Français</option>
        <option value="en">English</option>
      </select>
    </label>
  );
}

export function Layout() {
  const { t } = useTranslation();
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  return (
    <div className="app">
      <header className="header">
        <NavLink to="/" className="brand">
          <img src="/favicon.svg" alt="" width={24} height={24} />
          <span>{t('app.name')}</span>
        </NavLink>
        <nav aria-label={t('nav.main')}>
          {isStaff(user?.role) && <NavLink to="/dashboard">{t('nav.dashboard')}</NavLink>}
          {isStaff(user?.role) && <NavLink to="/clients">{t('nav.clients')}</NavLink>}
          <NavLink to="/plants">{t('nav.plants')}</NavLink>
          <NavLink to="/missions">{t('missions.nav.missions')}</NavLink>
          {isStaff(user?.role) && <NavLink to="/planning">{t('missions.nav.planning')}</NavLink>}
          {user?.role === 'admin' && <NavLink to="/admin/users" data-testid="nav-users">{t('nav.users')}</NavLink>}
          {canManage(user?.role) && <NavLink to="/imports/diagpv" data-testid="nav-import">{t('imports.nav')}</NavLink>}
        </nav>
        <div className="header-right">
          <LanguageSwitch />
          {user && <NotificationBell />}
          {user && (
            <span className="who" data-testid="who">
              {user.fullName} · {t(`roles.${user.role}`)}
            </span>
          )}
          <NavLink to="/account/tokens" className="link" data-testid="nav-tokens">{t('tokens.nav')}</NavLink>
          <button
            type="button"
            className="link"
            onClick={() => void logout().then(() => navigate('/login'))}
          >
            {t('nav.logout')}
          </button>
        </div>
      </header>
      <main className="main">
        <RefusedNotice />
        <Outlet />
      </main>
    </div>
  );
}

/**
 * Said where a refused page brought the user (RequireStaff, RequireManager in App.tsx):
 * a silent redirect made a bookmarked or shared link look broken.
 */
function RefusedNotice() {
  const { t } = useTranslation();
  const { state } = useLocation() as { state: { refused?: string; need?: 'staff' | 'manager' | 'admin' } | null };
  if (!state?.refused) return null;
  return (
    <p className="refused-notice" role="status" data-testid="refused-notice">
      {t(state.need === 'admin' ? 'nav.refusedAdmin' : state.need === 'manager' ? 'nav.refusedManager' : 'nav.refusedStaff', { path: state.refused })}
    </p>
  );
}
