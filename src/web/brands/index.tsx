import { TrophyOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { NavItem } from '../layout/navigation';
import './brands.css';
import { BrandDetailPage } from './BrandDetailPage';
import { BrandsPage } from './BrandsPage';
import { CaseDetailPage } from './CaseDetailPage';
import { CaseFormPage } from './CaseFormPage';
import { CasesPage } from './CasesPage';
import { bt } from './locale';
import { BusinessGate } from './parts';

type RouteDef = { path: string; element: ReactNode };

const business = { audiences: ['business'] as const };

/** 特色品牌与典型案例: menu entries (品牌建设: 品牌一览, 典型案例), for business staff. */
export const brandsNavItems: readonly NavItem[] = [
  {
    key: 'brand-building',
    label: bt.nav.group,
    icon: <TrophyOutlined />,
    access: business,
    children: [
      { key: 'brands', label: bt.nav.brands, path: '/brands', access: business },
      { key: 'cases', label: bt.nav.cases, path: '/cases', access: business },
    ],
  },
];

const gate = (page: ReactNode) => <BusinessGate>{page}</BusinessGate>;

/** 特色品牌与典型案例: signed-in pages (inside RequireSession + AppLayout). */
export const brandsRoutes: RouteDef[] = [
  { path: '/brands', element: gate(<BrandsPage />) },
  { path: '/brands/:id', element: gate(<BrandDetailPage />) },
  { path: '/cases', element: gate(<CasesPage />) },
  { path: '/cases/new', element: gate(<CaseFormPage />) },
  { path: '/cases/:id', element: gate(<CaseDetailPage />) },
  { path: '/cases/:id/edit', element: gate(<CaseFormPage />) },
];
