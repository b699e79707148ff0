import {
  AlertOutlined,
  CalendarOutlined,
  FieldTimeOutlined,
  ProfileOutlined,
  ScheduleOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { NavItem } from '../layout/navigation';
import { CompliancePage } from './CompliancePage';
import { KeyDatesPage } from './KeyDatesPage';
import { pt } from './locale';
import { StaffGate } from './parts';
import { PlanDetailPage } from './PlanDetailPage';
import './plans.css';
import { PlansPage } from './PlansPage';
import { WorkingDaysPage } from './WorkingDaysPage';

type RouteDef = { path: string; element: ReactNode };

/** 计划安排: 年度计划、重要节点、节假日与调休、落实情况, for business staff. */
export const plansNavItems: readonly NavItem[] = [
  {
    key: 'plans-group',
    label: pt.nav.group,
    icon: <ScheduleOutlined />,
    access: { audiences: ['business'] },
    children: [
      {
        key: 'plans',
        label: pt.nav.plans,
        icon: <ProfileOutlined />,
        path: '/plans',
        access: { audiences: ['business'] },
      },
      {
        key: 'plans-key-dates',
        label: pt.nav.keyDates,
        icon: <CalendarOutlined />,
        path: '/plans/key-dates',
        access: { audiences: ['business'] },
      },
      {
        key: 'plans-working-days',
        label: pt.nav.workingDays,
        icon: <FieldTimeOutlined />,
        path: '/plans/working-days',
        access: { audiences: ['business'] },
      },
      {
        // Region staff only: the view counts by region (the server refuses other scopes).
        key: 'plans-compliance',
        label: pt.nav.compliance,
        icon: <AlertOutlined />,
        path: '/plans/compliance',
        access: { audiences: ['business'], anyCapability: ['regions.manage'] },
      },
    ],
  },
];

const staff = (page: ReactNode) => <StaffGate>{page}</StaffGate>;

/** 计划安排: signed-in pages (inside RequireSession + AppLayout). */
export const plansRoutes: RouteDef[] = [
  { path: '/plans', element: staff(<PlansPage />) },
  { path: '/plans/:id', element: staff(<PlanDetailPage />) },
  { path: '/plans/key-dates', element: staff(<KeyDatesPage />) },
  { path: '/plans/working-days', element: staff(<WorkingDaysPage />) },
  { path: '/plans/compliance', element: staff(<CompliancePage />) },
];
