import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { useMemo, useState, useSyncExternalStore } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { ApiError } from './api';
import { ElderlyModeProvider, useElderlyMode } from './elderly';
import { AppLayout } from './layout/AppLayout';
import { NotFoundPage } from './pages/ErrorPage';
import { HomePage } from './pages/HomePage';
import { RegionPage, RegionRootsPage } from './regions/RegionPages';
import { themeFor } from './theme';

function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx (not found, no permission, bad input) will not change on retry; a network blip may.
        retry: (failures, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
}

function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<HomePage />} />
        <Route path="regions" element={<RegionRootsPage />} />
        <Route path="regions/:code" element={<RegionPage />} />
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
    <ConfigProvider locale={zhCN} theme={theme}>
      <AntApp>
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
