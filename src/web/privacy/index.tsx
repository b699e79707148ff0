import { SafetyOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { VolunteerGate } from '../activities/parts';
import { audienceOf } from '../auth/access';
import { useMe } from '../auth/session';
import { ForbiddenPage } from '../pages/ErrorPage';
import type { NavItem } from '../layout/navigation';
import { pt } from './locale';
import { MePrivacyPage } from './MePrivacyPage';
import { PrivacyRequestsPage } from './PrivacyRequestsPage';

type RouteDef = { path: string; element: ReactNode };

function BusinessGate({ children }: { children: ReactNode }) {
  const me = useMe();
  if (audienceOf(me) !== 'business') return <ForbiddenPage />;
  return children;
}

/**
 * 个人信息请求, for the staff who keep the registry (every business role; each sees the requests of the
 * volunteers in their own scope, and the server decides again).
 */
export const privacyNavItems: readonly NavItem[] = [
  {
    key: 'privacy-requests',
    label: pt.nav.staff,
    icon: <SafetyOutlined />,
    path: '/privacy-requests',
    access: { audiences: ['business'] },
  },
];

/** Signed-in pages (inside RequireSession + AppLayout). */
export const privacyRoutes: RouteDef[] = [
  {
    path: '/me/privacy',
    element: (
      <VolunteerGate>
        <MePrivacyPage />
      </VolunteerGate>
    ),
  },
  {
    path: '/privacy-requests',
    element: (
      <BusinessGate>
        <PrivacyRequestsPage />
      </BusinessGate>
    ),
  },
];
