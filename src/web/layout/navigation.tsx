import {
  AuditOutlined,
  EnvironmentOutlined,
  HomeOutlined,
  IdcardOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { MenuProps } from 'antd';
import type { ReactNode } from 'react';
import type { Me } from '../../shared/identity';
import { mayAccess, type Access } from '../auth/access';
import { zh } from '../locale/zh-CN';
import { registryNavItems } from '../registry';
import { activitiesNavItems, volunteerNavItems } from '../activities';
import { plansNavItems } from '../plans';
import { honoursNavItems } from '../honours';
import { leadershipNavItems } from '../leadership';
import { brandsNavItems } from '../brands';
import { publicityNavItems } from '../publicity';
import { dashboardNavItems } from '../dashboard';
import { inboxNavItems, requestsNavItems, volunteerCallOutNavItems } from '../requests';
import { privacyNavItems } from '../privacy';

/**
 * One definition of the navigation, for the side menu on desktop and the drawer on phones, and for
 * the routes: a page listed here opens only for those its `access` admits (see `Guarded` in App.tsx).
 */
export interface NavItem {
  key: string;
  label: string;
  icon?: ReactNode;
  /** Route this entry opens; it also stays highlighted on every page below it. */
  path?: string;
  /** Who sees the entry and may open its page; absent: every signed-in person. */
  access?: Access;
  children?: readonly NavItem[];
}

const business: Access = { audiences: ['business'] };

export const navItems: readonly NavItem[] = [
  { key: 'home', label: zh.nav.home, icon: <HomeOutlined />, path: '/', access: business },
  {
    key: 'regions',
    label: zh.nav.regions,
    icon: <EnvironmentOutlined />,
    path: '/regions',
    access: business,
  },
  // 队伍、志愿者、覆盖、导入: the registry's entries (src/web/registry), for business staff.
  ...dashboardNavItems,
  ...registryNavItems,
  ...activitiesNavItems,
  ...plansNavItems,
  ...honoursNavItems,
  ...brandsNavItems,
  ...leadershipNavItems,
  ...publicityNavItems,
  ...requestsNavItems,
  ...privacyNavItems,
  ...volunteerNavItems,
  ...volunteerCallOutNavItems,
  {
    key: 'accounts',
    label: zh.nav.accounts,
    icon: <TeamOutlined />,
    path: '/accounts',
    access: { anyCapability: ['accounts.manage', 'accounts.security'] },
  },
  {
    key: 'security',
    label: zh.nav.security,
    icon: <SafetyCertificateOutlined />,
    path: '/security',
    access: { anyCapability: ['security.policy'] },
  },
  {
    key: 'audit',
    label: zh.nav.audit,
    icon: <AuditOutlined />,
    path: '/audit',
    access: { anyCapability: ['audit.read'] },
  },
  ...inboxNavItems,
  { key: 'account', label: zh.nav.myAccount, icon: <IdcardOutlined />, path: '/account' },
];

/** The entries this person may see; groups left empty are dropped. */
export function visibleNavItems(items: readonly NavItem[], me: Me): NavItem[] {
  const out: NavItem[] = [];
  for (const item of items) {
    if (!mayAccess(me, item.access)) continue;
    if (item.children) {
      const children = visibleNavItems(item.children, me);
      if (children.length === 0) continue;
      out.push({ ...item, children });
    } else {
      out.push(item);
    }
  }
  return out;
}

/** The key of the entry whose path is the longest prefix of the current pathname. */
export function selectedNavKey(items: readonly NavItem[], pathname: string): string | undefined {
  let best: { key: string; length: number } | undefined;
  const visit = (list: readonly NavItem[]) => {
    for (const item of list) {
      if (item.path !== undefined) {
        const matches =
          item.path === '/'
            ? pathname === '/'
            : pathname === item.path || pathname.startsWith(`${item.path}/`);
        if (matches && (!best || item.path.length > best.length))
          best = { key: item.key, length: item.path.length };
      }
      if (item.children) visit(item.children);
    }
  };
  visit(items);
  return best?.key;
}

/**
 * antd Menu items. Labels are plain text, not links: a link inside a role="menuitem" is a nested
 * interactive control (axe: serious). The menu navigates in its onClick via `pathOfNavKey`.
 */
export function toMenuItems(items: readonly NavItem[]): NonNullable<MenuProps['items']> {
  return items.map((item) =>
    item.children
      ? { key: item.key, icon: item.icon, label: item.label, children: toMenuItems(item.children) }
      : { key: item.key, icon: item.icon, label: item.label },
  );
}

export function pathOfNavKey(items: readonly NavItem[], key: string): string | undefined {
  for (const item of items) {
    if (item.key === key) return item.path;
    if (item.children) {
      const found = pathOfNavKey(item.children, key);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

export function findNavItem(items: readonly NavItem[], key: string): NavItem | undefined {
  for (const item of items) {
    if (item.key === key) return item;
    if (item.children) {
      const found = findNavItem(item.children, key);
      if (found) return found;
    }
  }
  return undefined;
}

/** Where this person lands after login or on `/`: the first page of their menu. */
export function homePathFor(me: Me): string {
  const first = (items: readonly NavItem[]): string | undefined => {
    for (const item of items) {
      if (item.path !== undefined) return item.path;
      const inner = item.children && first(item.children);
      if (inner) return inner;
    }
    return undefined;
  };
  return first(visibleNavItems(navItems, me)) ?? '/account';
}
