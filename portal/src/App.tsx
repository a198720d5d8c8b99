import { lazy, Suspense, useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import { useSession, type Role } from './auth/session.js';
import { chooseLanguage, LANGUAGES } from './i18n/index.js';
import { CaseListPage } from './pages/CaseListPage.js';
import { CasePage } from './pages/CasePage.js';
import { DeclarePage } from './pages/DeclarePage.js';
import { InBasketPage } from './pages/InBasketPage.js';
import { LoginPage } from './pages/LoginPage.js';
import { NotificationsPage } from './pages/NotificationsPage.js';
import { RulesPage } from './pages/RulesPage.js';
import { SlaBoardPage } from './pages/SlaBoardPage.js';
import { Loading } from './ui/status.js';

// Pages for a few roles (the charts of the dashboard, the rules editor, staff management, the
// registry) are loaded when opened, not with the app (build-portal.ts counts the
// heaviest of them in the first visit's budget, once).
const DashboardPage = lazy(() => import('./pages/DashboardPage.js').then((m) => ({ default: m.DashboardPage })));
const RulePage = lazy(() => import('./pages/RulePage.js').then((m) => ({ default: m.RulePage })));
const StaffPage = lazy(() => import('./pages/StaffPage.js').then((m) => ({ default: m.StaffPage })));
const WorkloadPage = lazy(() => import('./pages/WorkloadPage.js').then((m) => ({ default: m.WorkloadPage })));
const MembersPage = lazy(() => import('./pages/MembersPage.js').then((m) => ({ default: m.MembersPage })));
const PersonPage = lazy(() => import('./pages/MembersPage.js').then((m) => ({ default: m.PersonPage })));

interface NavItem {
  readonly to: string;
  readonly label: string;
  readonly roles: readonly Role[];
}

const NAV: readonly NavItem[] = [
  { to: '/cases', label: 'nav.myCases', roles: ['claimant'] },
  { to: '/cases/new', label: 'nav.declare', roles: ['claimant', 'agent'] },
  { to: '/basket', label: 'nav.basket', roles: ['agent', 'expert', 'supervisor'] },
  { to: '/cases', label: 'nav.allCases', roles: ['agent', 'expert', 'supervisor'] },
  { to: '/sla', label: 'nav.sla', roles: ['supervisor'] },
  { to: '/workload', label: 'nav.workload', roles: ['supervisor'] },
  { to: '/staff', label: 'nav.staff', roles: ['supervisor', 'ops'] },
  { to: '/rules', label: 'nav.rules', roles: ['ops', 'supervisor'] },
  { to: '/dashboard', label: 'nav.dashboard', roles: ['ops', 'supervisor'] },
  { to: '/members', label: 'nav.members', roles: ['agent', 'expert', 'supervisor', 'ops'] },
  { to: '/members/me', label: 'nav.profile', roles: ['claimant'] },
  { to: '/notifications', label: 'nav.notifications', roles: ['claimant', 'agent', 'expert', 'supervisor', 'ops'] },
];

const HOME: Record<Role, string> = { claimant: '/cases', agent: '/basket', expert: '/basket', supervisor: '/basket', ops: '/rules' };

export function App() {
  const { user } = useSession();
  if (!user) return <LoginPage />;
  return (
    <Layout>
      <Suspense fallback={<Loading />}>
        <Routes>
        <Route path="/" element={<Navigate to={HOME[user.role]} replace />} />
        <Route path="/login" element={<Navigate to={HOME[user.role]} replace />} />
        <Route path="/cases" element={<CaseListPage />} />
        <Route path="/cases/new" element={<DeclarePage />} />
        <Route path="/cases/:caseId" element={<CasePage />} />
        <Route path="/basket" element={<InBasketPage />} />
        <Route path="/sla" element={<SlaBoardPage />} />
        <Route path="/workload" element={<WorkloadPage />} />
        <Route path="/staff" element={<StaffPage />} />
        <Route path="/rules" element={<RulesPage />} />
        <Route path="/rules/:ruleId" element={<RulePage />} />
        <Route path="/dashboard" element={<DashboardPage />} />
        <Route path="/notifications" element={<NotificationsPage />} />
        <Route path="/members" element={<MembersPage />} />
        <Route path="/members/:memberId" element={<PersonPage />} />
        <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </Layout>
  );
}

function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { user, signOut } = useSession();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  // After a client-side navigation, move focus to the new page so screen readers announce it.
  useEffect(() => main.current?.focus(), [location.pathname]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('common.skip')}
      </a>
      <header className="top-bar">
        <span className="brand">Dossier</span>
        <nav aria-label={t('nav.label')}>
          <ul>
            {NAV.filter((item) => user && item.roles.includes(user.role)).map((item) => (
              <li key={item.label}>
                <NavLink to={item.to} end>
                  {t(item.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="top-bar-end">
          <LanguageSwitch />
          <span className="who">
            {user?.name} · {t(`roles.${user?.role}`)}
          </span>
          <button type="button" className="button-secondary" onClick={signOut}>
            {t('common.signOut')}
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language">
      <span className="visually-hidden">{t('common.language')}</span>
      <select value={i18n.resolvedLanguage} onChange={(e) => void chooseLanguage(e.target.value)}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('errors.pageNotFound')}</h1>
      <NavLink to="/">{t('common.home')}</NavLink>
    </section>
  );
}
