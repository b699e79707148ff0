import {
  ApartmentOutlined,
  CloudUploadOutlined,
  PieChartOutlined,
  SolutionOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Role } from '../../shared/identity';
import type { NavItem } from '../layout/navigation';
import { CoveragePage } from './CoveragePage';
import { ImportPage } from './ImportPage';
import { rz } from './locale';
import { RoleGate, regionRoles, registryRoles } from './parts';
import './registry.css';
import { TeamDetailPage } from './TeamDetailPage';
import { TeamFormPage } from './TeamFormPage';
import { TeamsPage } from './TeamsPage';
import { VolunteerDetailPage } from './VolunteerDetailPage';
import { VolunteerFormPage } from './VolunteerFormPage';
import { VolunteersPage } from './VolunteersPage';

/**
 * The registry's menu entries (队伍、志愿者、覆盖、导入), in the shape of layout/navigation.tsx.
 * Business staff are exactly the registry roles (市、县、乡、村管理员, 单位/组织管理员, 队长); the coverage
 * is counted by region, so it is for region staff only — who are the holders of `regions.manage`.
 */
export const registryNavItems: readonly NavItem[] = [
  {
    key: 'teams',
    label: rz.nav.teams,
    icon: <ApartmentOutlined />,
    path: '/teams',
    access: { audiences: ['business'] },
  },
  {
    key: 'volunteers',
    label: rz.nav.volunteers,
    icon: <SolutionOutlined />,
    path: '/volunteers',
    access: { audiences: ['business'] },
  },
  {
    key: 'coverage',
    label: rz.nav.coverage,
    icon: <PieChartOutlined />,
    path: '/coverage',
    access: { audiences: ['business'], anyCapability: ['regions.manage'] },
  },
  {
    key: 'imports',
    label: rz.nav.imports,
    icon: <CloudUploadOutlined />,
    path: '/imports',
    access: { audiences: ['business'] },
  },
];

const gate = (roles: readonly Role[], page: ReactNode) => <RoleGate roles={roles}>{page}</RoleGate>;

/** The registry's pages, each opening only for the roles its menu entry is shown to. */
export const registryRoutes: { path: string; element: ReactNode }[] = [
  { path: '/teams', element: gate(registryRoles, <TeamsPage />) },
  { path: '/teams/new', element: gate(registryRoles, <TeamFormPage key="new" />) },
  { path: '/teams/:id', element: gate(registryRoles, <TeamDetailPage />) },
  { path: '/teams/:id/edit', element: gate(registryRoles, <TeamFormPage key="edit" />) },
  { path: '/volunteers', element: gate(registryRoles, <VolunteersPage />) },
  { path: '/volunteers/new', element: gate(registryRoles, <VolunteerFormPage />) },
  { path: '/volunteers/:id', element: gate(registryRoles, <VolunteerDetailPage />) },
  { path: '/coverage', element: gate(regionRoles, <CoveragePage />) },
  { path: '/imports', element: gate(registryRoles, <ImportPage />) },
];
