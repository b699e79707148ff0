import { BarChartOutlined, FileTextOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Access } from '../auth/access';
import type { NavItem } from '../layout/navigation';
import { DashboardPage } from './DashboardPage';
import { dt } from './locale';
import { ReportsPage } from './ReportsPage';

type RouteDef = { path: string; element: ReactNode };

/**
 * Statistics are for the region staff (市/县/乡/村), the same people who hold `regions.manage`; the
 * server decides again with mayViewStatistics on every request.
 */
export const statisticsAccess: Access = { audiences: ['business'], anyCapability: ['regions.manage'] };

/** 数据看板与报表: menu entries. */
export const dashboardNavItems: readonly NavItem[] = [
  {
    key: 'dashboard',
    label: dt.nav.dashboard,
    icon: <BarChartOutlined />,
    path: '/dashboard',
    access: statisticsAccess,
  },
  {
    key: 'reports',
    label: dt.nav.reports,
    icon: <FileTextOutlined />,
    path: '/reports',
    access: statisticsAccess,
  },
];

/** 数据看板与报表: signed-in pages (inside RequireSession + AppLayout). */
export const dashboardRoutes: RouteDef[] = [
  { path: '/dashboard', element: <DashboardPage /> },
  { path: '/reports', element: <ReportsPage /> },
];
