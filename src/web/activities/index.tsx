import { CalendarOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { NavItem } from '../layout/navigation';
import './activities.css';
import { ActivitiesPage } from './ActivitiesPage';
import { ActivityDetailPage } from './ActivityDetailPage';
import { ActivityFormPage } from './ActivityFormPage';
import { CheckinScreenPage } from './CheckinScreenPage';
import { at } from './locale';
import { RecordRequestsPage } from './RecordRequestsPage';
import { StaffGate, VolunteerGate } from './parts';
import { MeActivitiesPage, MeCheckinPage, MeHomePage, MeHoursPage, MeNextPage } from './volunteer';
import { VerifyFormPage, VerifyTokenPage } from './VerifyPage';

type RouteDef = { path: string; element: ReactNode };

/** 活动管理, for business staff (the page itself opens only for the activity roles, see StaffGate). */
export const activitiesNavItems: readonly NavItem[] = [
  {
    key: 'activities',
    label: at.nav.activities,
    icon: <CalendarOutlined />,
    path: '/activities',
    access: { audiences: ['business'] },
  },
];

/** 我的服务 (the volunteer's phone pages), for the volunteer's menu. */
export const volunteerNavItems: readonly NavItem[] = [
  {
    key: 'me',
    label: at.nav.me,
    icon: <CalendarOutlined />,
    path: '/me',
    access: { audiences: ['volunteer'] },
  },
];

const staff = (page: ReactNode) => <StaffGate>{page}</StaffGate>;
const volunteer = (page: ReactNode) => <VolunteerGate>{page}</VolunteerGate>;

/** Signed-in staff pages (inside RequireSession + AppLayout). */
export const activitiesRoutes: RouteDef[] = [
  { path: '/activities', element: staff(<ActivitiesPage />) },
  { path: '/activities/new', element: staff(<ActivityFormPage />) },
  { path: '/activities/record-requests', element: staff(<RecordRequestsPage />) },
  { path: '/activities/:id', element: staff(<ActivityDetailPage />) },
  { path: '/activities/:id/checkin-screen', element: staff(<CheckinScreenPage />) },
];

/** The volunteer's phone pages (inside RequireSession + AppLayout). */
export const volunteerRoutes: RouteDef[] = [
  { path: '/me', element: volunteer(<MeHomePage />) },
  { path: '/me/next', element: volunteer(<MeNextPage />) },
  { path: '/me/checkin', element: volunteer(<MeCheckinPage />) },
  { path: '/me/hours', element: volunteer(<MeHoursPage />) },
  { path: '/me/activities', element: volunteer(<MeActivitiesPage />) },
];

/** No login: certificate verification (outside RequireSession). */
export const publicRoutes: RouteDef[] = [
  { path: '/verify', element: <VerifyFormPage /> },
  { path: '/verify/:token', element: <VerifyTokenPage /> },
];
