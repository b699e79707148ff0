import { EnvironmentOutlined, HomeOutlined } from '@ant-design/icons';
import type { MenuProps } from 'antd';
import type { ReactNode } from 'react';
import { zh } from '../locale/zh-CN';

/**
 * One definition of the navigation, for the side menu on desktop and the drawer on phones.
 * Later issues add 队伍, 志愿者, 活动, 荣誉, 统计 here; `roles` limits an entry to the roles that may
 * use it (no `roles`: everyone, including visitors who have not logged in).
 */
export interface NavItem {
  key: string;
  label: string;
  icon?: ReactNode;
  /** Route this entry opens; it also stays highlighted on every page below it. */
  path?: string;
  roles?: readonly string[];
  children?: readonly NavItem[];
}

export const navItems: readonly NavItem[] = [
  { key: 'home', label: zh.nav.home, icon: <HomeOutlined />, path: '/' },
  { key: 'regions', label: zh.nav.regions, icon: <EnvironmentOutlined />, path: '/regions' },
];

/** The entries a user with these roles may see; groups left empty are dropped. */
export function visibleNavItems(items: readonly NavItem[], roles: readonly string[]): NavItem[] {
  const out: NavItem[] = [];
  for (const item of items) {
    if (item.roles && !item.roles.some((r) => roles.includes(r))) continue;
    if (item.children) {
      const children = visibleNavItems(item.children, roles);
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
