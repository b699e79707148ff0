import { ClusterOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { NavItem } from '../layout/navigation';
import { GroupDetailPage } from './GroupDetailPage';
import { GroupsPage } from './GroupsPage';
import './leadership.css';
import { lt } from './locale';
import { BusinessGate } from './parts';
import { TaskDetailPage } from './TaskDetailPage';
import { TasksPage } from './TasksPage';

type RouteDef = { path: string; element: ReactNode };

const business = { audiences: ['business'] as const };

/** 组织领导 (领导小组, 工作任务), for business staff. */
export const leadershipNavItems: readonly NavItem[] = [
  {
    key: 'leadership',
    label: lt.nav.group,
    icon: <ClusterOutlined />,
    access: business,
    children: [
      { key: 'leadership-groups', label: lt.nav.groups, path: '/leadership/groups', access: business },
      { key: 'leadership-tasks', label: lt.nav.tasks, path: '/leadership/tasks', access: business },
    ],
  },
];

const gate = (page: ReactNode) => <BusinessGate>{page}</BusinessGate>;

/** 领导小组与工作任务: signed-in pages (inside RequireSession + AppLayout). */
export const leadershipRoutes: RouteDef[] = [
  { path: '/leadership/groups', element: gate(<GroupsPage />) },
  { path: '/leadership/groups/:id', element: gate(<GroupDetailPage />) },
  { path: '/leadership/tasks', element: gate(<TasksPage />) },
  { path: '/leadership/tasks/:id', element: gate(<TaskDetailPage />) },
];
