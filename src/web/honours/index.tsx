import {
  BookOutlined,
  FileDoneOutlined,
  SolutionOutlined,
  TrophyOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { NavItem } from '../layout/navigation';
import { CataloguePage } from './CataloguePage';
import { CommendationPage } from './CommendationPage';
import { ExternalPage } from './ExternalPage';
import { ht } from './locale';
import { NominationDetailPage } from './NominationDetailPage';
import { NominationsPage } from './NominationsPage';
import { CityGate, StaffGate } from './parts';

type RouteDef = { path: string; element: ReactNode };

const business = { audiences: ['business'] as const };

/** 荣誉激励: menu entries, for business staff (年度表彰 opens for the city only). */
export const honoursNavItems: readonly NavItem[] = [
  {
    key: 'honours',
    label: ht.nav.group,
    icon: <TrophyOutlined />,
    access: business,
    children: [
      {
        key: 'honours-catalogue',
        label: ht.nav.catalogue,
        icon: <BookOutlined />,
        path: '/honours/catalogue',
        access: business,
      },
      {
        key: 'honours-nominations',
        label: ht.nav.nominations,
        icon: <SolutionOutlined />,
        path: '/honours/nominations',
        access: business,
      },
      {
        key: 'honours-external',
        label: ht.nav.external,
        icon: <UploadOutlined />,
        path: '/honours/external',
        access: business,
      },
      {
        key: 'honours-commendation',
        label: ht.nav.commendation,
        icon: <FileDoneOutlined />,
        path: '/honours/commendation',
        access: { ...business, anyCapability: ['honours.commend'] },
      },
    ],
  },
];

const staff = (page: ReactNode) => <StaffGate>{page}</StaffGate>;

/** 荣誉激励: signed-in pages (inside RequireSession + AppLayout). */
export const honoursRoutes: RouteDef[] = [
  { path: '/honours/catalogue', element: staff(<CataloguePage />) },
  { path: '/honours/nominations', element: staff(<NominationsPage />) },
  { path: '/honours/nominations/:id', element: staff(<NominationDetailPage />) },
  { path: '/honours/external', element: staff(<ExternalPage />) },
  { path: '/honours/commendation', element: <CityGate>{<CommendationPage />}</CityGate> },
];

export { HonoursHeldCard } from './HonoursHeldCard';
