import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { useMemo, useState, useSyncExternalStore } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AccountPage } from './account/AccountPage';
import { AccountsPage } from './accounts/AccountsPage';
import { ApiError } from './api';
import { AuditPage } from './audit/AuditPage';
import { LoginPage } from './auth/LoginPage';
import { Guarded, RequireSession, StartPage } from './auth/RequireSession';
import { noteSignedOut } from './auth/session';
import { FormErrorAnnouncer } from './components/FormErrorAnnouncer';
import { ElderlyModeProvider, useElderlyMode } from './elderly';
import { AppLayout } from './layout/AppLayout';
import { NotFoundPage } from './pages/ErrorPage';
import { HomePage } from './pages/HomePage';
import { RegionPage, RegionRootsPage } from './regions/RegionPages';
import { registryRoutes } from './registry';
import { activitiesRoutes, publicRoutes, volunteerRoutes } from './activities';
import { plansRoutes } from './plans';
import { honoursRoutes } from './honours';
import { leadershipRoutes } from './leadership';
import { brandsRoutes } from './brands';
import { publicityRoutes, portalRoutes } from './publicity';
import { dashboardRoutes } from './dashboard';
import { requestsPublicRoutes, requestsRoutes } from './requests';
import { privacyRoutes } from './privacy';
import { SecurityPolicyPage } from './security/SecurityPolicyPage';
import { themeFor } from './theme';

function createQueryClient() {
  // A 401 from any request means the session is gone: the shell then goes to the login page.
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error) => noteSignedOut(client, error) }),
    mutationCache: new MutationCache({ onError: (error) => noteSignedOut(client, error) }),
    defaultOptions: {
      queries: {
        // A 4xx (not found, no permission, bad input) will not change on retry; a network blip may.
        retry: (failures, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
  return client;
}

function AppRoutes() {
  return (
    <Routes>
      <Route path="login" element={<LoginPage />} />
      {[...publicRoutes, ...portalRoutes, ...requestsPublicRoutes].map((r) => (
        <Route key={r.path} path={r.path} element={r.element} />
      ))}
      <Route
        element={
          <RequireSession>
            <AppLayout />
          </RequireSession>
        }
      >
        <Route index element={<StartPage home={<HomePage />} />} />
        <Route
          path="regions"
          element={
            <Guarded nav="regions">
              <RegionRootsPage />
            </Guarded>
          }
        />
        <Route
          path="regions/:code"
          element={
            <Guarded nav="regions">
              <RegionPage />
            </Guarded>
          }
        />
        {registryRoutes.map((r) => (
          <Route key={r.path} path={r.path} element={r.element} />
        ))}
        <Route
          path="accounts"
          element={
            <Guarded nav="accounts">
              <AccountsPage />
            </Guarded>
          }
        />
        <Route
          path="security"
          element={
            <Guarded nav="security">
              <SecurityPolicyPage />
            </Guarded>
          }
        />
        <Route
          path="audit"
          element={
            <Guarded nav="audit">
              <AuditPage />
            </Guarded>
          }
        />
        {/* The volunteer's old placeholder address now leads to the real phone pages. */}
        <Route path="my" element={<Navigate to="/me" replace />} />
        {[
          ...activitiesRoutes,
          ...volunteerRoutes,
          ...plansRoutes,
          ...honoursRoutes,
          ...leadershipRoutes,
          ...brandsRoutes,
          ...publicityRoutes,
          ...dashboardRoutes,
          ...requestsRoutes,
          ...privacyRoutes,
        ].map((r) => (
          <Route key={r.path} path={r.path} element={r.element} />
        ))}
        <Route path="account" element={<AccountPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

const reducedMotionQuery = '(prefers-reduced-motion: reduce)';

function subscribeReducedMotion(onChange: () => void) {
  const media = window.matchMedia(reducedMotionQuery);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

/** Honour the system's "reduce motion" setting: antd then skips its slide and fade animations. */
function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(subscribeReducedMotion, () => window.matchMedia(reducedMotionQuery).matches);
}

function ThemedApp() {
  const { elderly } = useElderlyMode();
  const reducedMotion = usePrefersReducedMotion();
  const theme = useMemo(() => themeFor(elderly, reducedMotion), [elderly, reducedMotion]);
  const [queryClient] = useState(createQueryClient);
  return (
    // No space inserted into two-character buttons (登 录): the accessible name stays the word itself.
    // A form sent with mistakes puts the focus on the first one (its error is read out with it).
    <ConfigProvider
      locale={zhCN}
      theme={theme}
      button={{ autoInsertSpace: false }}
      form={{ scrollToFirstError: { focus: true, block: 'center' } }}
    >
      <AntApp>
        <FormErrorAnnouncer />
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <ElderlyModeProvider>
      <ThemedApp />
    </ElderlyModeProvider>
  );
}
