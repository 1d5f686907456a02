import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { canManage, isStaff, useAuth } from './auth/session';
import { Layout } from './components/Layout';
import { Loading } from './components/ui';
import { ClientFormPage } from './pages/ClientFormPage';
import { ClientsPage } from './pages/ClientsPage';
import { DashboardPage } from './pages/DashboardPage';
import { LoginPage } from './pages/LoginPage';
import { PlantFormPage } from './pages/PlantFormPage';
import { PlantMapPage } from './pages/PlantMapPage';
import { PlantPage } from './pages/PlantPage';
import { PlantsPage } from './pages/PlantsPage';
import { LayoutEditorPage } from './layout-editor/LayoutEditorPage';
import { PlantView3DPage } from './three/PlantView3DPage';
import { GeorefPage } from './plans/georef/GeorefPage';
import { TokensPage } from './tokens/TokensPage';
import { ReviewPage } from './review/ReviewPage';
import { MissionFormPage } from './missions/MissionFormPage';
import { MissionPage } from './missions/MissionPage';
import { MissionsPage } from './missions/MissionsPage';
import { PlanningPage } from './planning/PlanningPage';
import { WeekMapPage } from './planning/WeekMapPage';
import { UserFormPage } from './users/UserFormPage';
import { UsersPage } from './users/UsersPage';
import { DiagpvImportPage } from './imports/DiagpvImportPage';
import { ReportPage } from './report-workflow/ReportPage';
import { SharedReportPage, WebReportPage } from './web-report/WebReportPage';

function RequireAuth({ children }: { children: ReactNode }) {
  const { user, restoring } = useAuth();
  const location = useLocation();
  if (restoring) return <Loading />;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return children;
}

/** Back-office screens: staff only; a client user lands on its plants. */
function RequireStaff({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  return isStaff(user?.role) ? children : <Navigate to="/plants" replace state={{ refused: location.pathname, need: 'staff' }} />;
}

function RequireManager({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  return canManage(user?.role) ? children : <Navigate to="/plants" replace state={{ refused: location.pathname, need: 'manager' }} />;
}

function RequireAdmin({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  return user?.role === 'admin' ? children : <Navigate to="/plants" replace state={{ refused: location.pathname, need: 'admin' }} />;
}

function Home() {
  const { user } = useAuth();
  return <Navigate to={isStaff(user?.role) ? '/dashboard' : '/plants'} replace />;
}

function NotFound() {
  const { t } = useTranslation();
  return <p className="error">{t('error.notFound')}</p>;
}

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/shared/:token" element={<SharedReportPage />} />
      <Route element={<RequireAuth><Layout /></RequireAuth>}>
        <Route index element={<Home />} />
        <Route path="dashboard" element={<RequireStaff><DashboardPage /></RequireStaff>} />
        <Route path="clients" element={<RequireStaff><ClientsPage /></RequireStaff>} />
        <Route path="clients/new" element={<RequireManager><ClientFormPage /></RequireManager>} />
        <Route path="clients/:clientId" element={<RequireStaff><ClientFormPage /></RequireStaff>} />
        <Route path="plants" element={<PlantsPage />} />
        <Route path="plants/new" element={<RequireManager><PlantFormPage /></RequireManager>} />
        <Route path="plants/:plantId" element={<PlantPage />} />
        <Route path="plants/:plantId/edit" element={<RequireManager><PlantFormPage /></RequireManager>} />
        <Route path="plants/:plantId/map" element={<PlantMapPage />} />
        <Route path="plants/:plantId/layout" element={<RequireManager><LayoutEditorPage /></RequireManager>} />
        <Route path="plants/:plantId/3d" element={<PlantView3DPage />} />
        <Route path="plants/:plantId/report" element={<WebReportPage />} />
        <Route path="plants/:plantId/plans/:planId/georeference" element={<RequireManager><GeorefPage /></RequireManager>} />
        <Route path="account/tokens" element={<TokensPage />} />
        <Route path="audits/:auditId/review" element={<RequireStaff><ReviewPage /></RequireStaff>} />
        <Route path="missions" element={<MissionsPage />} />
        <Route path="missions/new" element={<RequireManager><MissionFormPage /></RequireManager>} />
        <Route path="missions/:missionId" element={<MissionPage />} />
        <Route path="missions/:missionId/edit" element={<RequireManager><MissionFormPage /></RequireManager>} />
        <Route path="planning" element={<RequireStaff><PlanningPage /></RequireStaff>} />
        <Route path="admin/users" element={<RequireAdmin><UsersPage /></RequireAdmin>} />
        <Route path="admin/users/new" element={<RequireAdmin><UserFormPage /></RequireAdmin>} />
        <Route path="admin/users/:userId" element={<RequireAdmin><UserFormPage /></RequireAdmin>} />
        <Route path="planning/week" element={<RequireStaff><WeekMapPage /></RequireStaff>} />
        <Route path="imports/diagpv" element={<RequireManager><DiagpvImportPage /></RequireManager>} />
        <Route path="reports/:reportId" element={<ReportPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
