import { NotificationOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { NavItem } from '../layout/navigation';
import { pt } from './locale';
import { WriterGate } from './parts';
import { PortalHomePage, PortalPosterPage, PortalStoryPage } from './PortalPages';
import { PostersPage } from './PostersPage';
import { StoriesPage } from './StoriesPage';
import { StoryEditPage } from './StoryEditPage';
import './publicity.css';

type RouteDef = { path: string; element: ReactNode };

const business = { audiences: ['business'] as const };

/** 宣传展示 (稿件管理, 风采海报), for business staff. */
export const publicityNavItems: readonly NavItem[] = [
  {
    key: 'publicity',
    label: pt.nav.group,
    icon: <NotificationOutlined />,
    access: business,
    children: [
      { key: 'publicity-stories', label: pt.nav.stories, path: '/publicity/stories', access: business },
      { key: 'publicity-posters', label: pt.nav.posters, path: '/publicity/posters', access: business },
    ],
  },
];

const gate = (page: ReactNode) => <WriterGate>{page}</WriterGate>;

/** 宣传稿件与志愿者风采海报: signed-in pages (inside RequireSession + AppLayout). */
export const publicityRoutes: RouteDef[] = [
  { path: '/publicity/stories', element: gate(<StoriesPage />) },
  { path: '/publicity/stories/new', element: gate(<StoryEditPage />) },
  { path: '/publicity/stories/:id', element: gate(<StoryEditPage />) },
  { path: '/publicity/posters', element: gate(<PostersPage />) },
];

/** No login (outside RequireSession): the public portal. */
export const portalRoutes: RouteDef[] = [
  { path: '/portal', element: <PortalHomePage /> },
  { path: '/portal/stories/:id', element: <PortalStoryPage /> },
  { path: '/portal/posters/:id', element: <PortalPosterPage /> },
];
