import { AlertOutlined, MailOutlined, SendOutlined, SolutionOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { NavItem } from '../layout/navigation';
import { CallOutDetailPage, CallOutsPage } from './CallOutsPages';
import { InboxPage } from './InboxPage';
import { rt } from './locale';
import { MeCallOutsPage } from './MeCallOutsPage';
import { OutboxPage } from './OutboxPage';
import { CallOutGate, RequestsGate, VolunteerOnly } from './parts';
import { PublicRequestPage, RatePage } from './PublicPages';
import { RequestDetailPage } from './RequestDetailPage';
import { RequestNewPage } from './RequestNewPage';
import { RequestsPage } from './RequestsPage';
import './requests.css';

export { InboxBell } from './InboxBell';

type RouteDef = { path: string; element: ReactNode };

/** 点单派单、紧急召集、外发记录: menu entries for staff. */
export const requestsNavItems: readonly NavItem[] = [
  {
    key: 'requests',
    label: rt.nav.requests,
    icon: <SolutionOutlined />,
    path: '/requests',
    access: { audiences: ['business'] },
  },
  {
    key: 'callouts',
    label: rt.nav.callOuts,
    icon: <AlertOutlined />,
    path: '/callouts',
    access: { audiences: ['business'] },
  },
  {
    key: 'outbox',
    label: rt.nav.outbox,
    icon: <SendOutlined />,
    path: '/outbox',
    access: { audiences: ['business'] },
  },
];

/** The volunteer's call-outs, after their own service pages. */
export const volunteerCallOutNavItems: readonly NavItem[] = [
  {
    key: 'me-callouts',
    label: rt.nav.myCallOuts,
    icon: <AlertOutlined />,
    path: '/me/callouts',
    access: { audiences: ['volunteer'] },
  },
];

/** 消息, for everyone: near the end of the menu, so nobody's first page is the inbox. */
export const inboxNavItems: readonly NavItem[] = [
  { key: 'inbox', label: rt.nav.inbox, icon: <MailOutlined />, path: '/inbox' },
];

const staff = (page: ReactNode) => <RequestsGate>{page}</RequestsGate>;
const bureau = (page: ReactNode) => <CallOutGate>{page}</CallOutGate>;

/** Signed-in pages (inside RequireSession + AppLayout). */
export const requestsRoutes: RouteDef[] = [
  { path: '/requests', element: staff(<RequestsPage />) },
  { path: '/requests/new', element: staff(<RequestNewPage />) },
  { path: '/requests/:id', element: staff(<RequestDetailPage />) },
  { path: '/callouts', element: bureau(<CallOutsPage />) },
  { path: '/callouts/:id', element: bureau(<CallOutDetailPage />) },
  { path: '/outbox', element: bureau(<OutboxPage />) },
  { path: '/inbox', element: <InboxPage /> },
  {
    path: '/me/callouts',
    element: (
      <VolunteerOnly>
        <MeCallOutsPage />
      </VolunteerOnly>
    ),
  },
];

/** No login: a resident files a request, rates a finished one. */
export const requestsPublicRoutes: RouteDef[] = [
  { path: '/request', element: <PublicRequestPage /> },
  { path: '/request/rate/:token', element: <RatePage /> },
];
