import { describe, expect, it } from 'vitest';
import { roleLabels, type Account, type Capability, type Me, type Role } from '../../shared/identity';
import { homePathFor, navItems, visibleNavItems } from '../layout/navigation';
import { accountActionsFor, mayManageRegion, pickerStart, safeNextPath } from './access';

const capabilitiesOf: Record<Role, Capability[]> = {
  city_admin: ['regions.manage', 'accounts.manage'],
  county_admin: ['regions.manage', 'accounts.manage'],
  township_admin: ['regions.manage', 'accounts.manage'],
  village_admin: ['regions.manage'],
  org_admin: [],
  team_leader: [],
  volunteer: [],
  sys_admin: ['accounts.manage'],
  sec_admin: ['accounts.security', 'security.policy'],
  auditor: ['audit.read'],
};

const manageable: Partial<Record<Role, Role[]>> = {
  city_admin: ['county_admin', 'township_admin', 'village_admin', 'org_admin'],
  county_admin: ['township_admin', 'village_admin', 'org_admin'],
  township_admin: ['village_admin'],
  sys_admin: ['city_admin', 'county_admin', 'township_admin', 'village_admin', 'org_admin'],
};

let ids = 0;
function account(role: Role, regionCode?: string, overrides: Partial<Account> = {}): Account {
  ids += 1;
  return {
    id: `id-${ids}`,
    username: `${role}${ids}`,
    displayName: roleLabels[role],
    role,
    roleLabel: roleLabels[role],
    region: regionCode ? { code: regionCode, name: regionCode, level: 'county' } : null,
    organization: null,
    teamId: null,
    phone: null,
    status: 'active',
    locked: false,
    lastLoginAt: null,
    createdAt: '2024-01-01T00:00:00Z',
    ...overrides,
  };
}

function me(role: Role, regionCode?: string): Me {
  return {
    account: account(role, regionCode),
    capabilities: capabilitiesOf[role],
    manageableRoles: manageable[role] ?? [],
    sessionKind: role === 'volunteer' ? 'volunteer' : 'staff',
  };
}

const labels = (m: Me) => visibleNavItems(navItems, m).map((i) => i.key);

describe('菜单与起始页按角色和权限过滤', () => {
  it('业务管理员看到首页、区划与账号管理；无账号权限的看不到账号管理', () => {
    const city = labels(me('city_admin', '130400000000'));
    expect(city.slice(0, 2)).toEqual(['home', 'regions']);
    expect(city.slice(-3)).toEqual(['accounts', 'inbox', 'account']);
    expect(city).toEqual(expect.arrayContaining(['teams', 'volunteers']));
    for (const other of ['audit', 'security', 'my']) expect(city).not.toContain(other);
    expect(labels(me('village_admin', '130425100001'))).not.toContain('accounts');
    expect(labels(me('org_admin', '130400000000'))).not.toContain('accounts');
  });

  it('三员只看到各自的工具，起始页是菜单第一项', () => {
    expect(labels(me('auditor'))).toEqual(['audit', 'inbox', 'account']);
    expect(labels(me('sec_admin'))).toEqual(['accounts', 'security', 'inbox', 'account']);
    expect(labels(me('sys_admin'))).toEqual(['accounts', 'inbox', 'account']);
    expect(homePathFor(me('auditor'))).toBe('/audit');
    expect(homePathFor(me('city_admin', '130400000000'))).toBe('/');
  });

  it('志愿者只有“我的服务”、紧急召集、消息和我的账号', () => {
    expect(labels(me('volunteer'))).toEqual(['me', 'me-callouts', 'inbox', 'account']);
    expect(homePathFor(me('volunteer'))).toBe('/me');
  });
});

describe('服务站编辑权限：本辖区及以下', () => {
  it('按区划代码前缀判断', () => {
    const county = me('county_admin', '130433000000');
    expect(mayManageRegion(county, '130433000000')).toBe(true);
    expect(mayManageRegion(county, '130433101001')).toBe(true);
    expect(mayManageRegion(county, '130425000000')).toBe(false);
    expect(mayManageRegion(county, '130400000000')).toBe(false);
    expect(mayManageRegion(me('city_admin', '130400000000'), '130425100001')).toBe(true);
    expect(mayManageRegion(me('org_admin', '130400000000'), '130425000000')).toBe(false);
    expect(mayManageRegion(me('sec_admin'), '130425000000')).toBe(false);
  });
});

describe('账号操作按钮与服务器规则一致', () => {
  it('不能对自己操作', () => {
    const city = me('city_admin', '130400000000');
    expect(accountActionsFor(city, city.account)).toEqual([]);
  });

  it('上级管理员管理低于自己的角色：停用/启用、解锁、重置密码，不改角色', () => {
    const city = me('city_admin', '130400000000');
    expect(accountActionsFor(city, account('county_admin', '130425000000'))).toEqual([
      'disable',
      'reset-password',
    ]);
    expect(
      accountActionsFor(city, account('county_admin', '130425000000', { status: 'disabled', locked: true })),
    ).toEqual(['enable', 'unlock', 'reset-password']);
    expect(accountActionsFor(city, account('team_leader', '130425000000'))).toEqual([]);
    expect(
      accountActionsFor(me('county_admin', '130425000000'), account('county_admin', '130433000000')),
    ).toEqual([]);
  });

  it('安全管理员停用、解锁、改业务角色；系统管理员只重置业务账号的密码', () => {
    const sec = me('sec_admin');
    expect(accountActionsFor(sec, account('county_admin', '130425000000', { locked: true }))).toEqual([
      'disable',
      'unlock',
      'role',
    ]);
    expect(accountActionsFor(sec, account('auditor'))).toEqual(['disable']);
    expect(accountActionsFor(sec, account('volunteer'))).toEqual(['disable']);
    const sys = me('sys_admin');
    expect(accountActionsFor(sys, account('county_admin', '130425000000'))).toEqual(['reset-password']);
    expect(accountActionsFor(sys, account('auditor'))).toEqual([]);
  });
});

describe('区划选择从本人区划开始', () => {
  it('系统角色从顶级开始；本人区划已在所需层级或以下时无从选择', () => {
    expect(pickerStart(me('sys_admin'), 'county')).toEqual({ code: null });
    expect(pickerStart(me('city_admin', '130400000000'), 'village')).toEqual({ code: '130400000000' });
    expect(pickerStart(me('county_admin', '130425000000'), 'county')).toBeUndefined();
  });
});

describe('登录后跳转只接受本站路径', () => {
  it('拒绝外站地址和登录页本身', () => {
    expect(safeNextPath('/accounts?q=da')).toBe('/accounts?q=da');
    expect(safeNextPath('//evil.example/x')).toBeUndefined();
    expect(safeNextPath('https://evil.example')).toBeUndefined();
    expect(safeNextPath('/\\evil.example')).toBeUndefined();
    expect(safeNextPath('/login?next=/x')).toBeUndefined();
    expect(safeNextPath(null)).toBeUndefined();
  });
});
