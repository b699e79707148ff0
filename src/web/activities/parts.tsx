import { Tag } from 'antd';
import type { ReactNode } from 'react';
import type { ActivityStatus } from '../../shared/activities';
import type { Me, Role } from '../../shared/identity';
import { useMe } from '../auth/session';
import { ForbiddenPage } from '../pages/ErrorPage';
import { at } from './locale';
import { Failed as QueryFailed, Loading as QueryLoading, type FailedProps } from '../components/QueryState';

/** Everyone who manages activities (the server's registry keepers). */
export const activityRoles: readonly Role[] = [
  'city_admin',
  'county_admin',
  'township_admin',
  'village_admin',
  'org_admin',
  'team_leader',
];

/** Staff who run activities and confirm their hours (the server decides again on every request). */
export const mayRunActivities = (me: Me): boolean =>
  me.sessionKind === 'staff' && activityRoles.includes(me.account.role);

export function StaffGate({ children }: { children: ReactNode }) {
  const me = useMe();
  if (!mayRunActivities(me)) return <ForbiddenPage />;
  return children;
}

export function VolunteerGate({ children }: { children: ReactNode }) {
  const me = useMe();
  if (me.sessionKind !== 'volunteer') return <ForbiddenPage />;
  return children;
}

export function StatusTag({ status }: { status: ActivityStatus }) {
  return <Tag className={`rz-act-status rz-act-status-${status}`}>{at.labels.status[status]}</Tag>;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The wall clock in Handan (Asia/Shanghai, UTC+8 all year), whatever the browser's time zone. */
function shanghai(iso: string) {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  return {
    date: `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  };
}

/** 2026年11月28日 14:30, Beijing time (large, plain wording for volunteers' pages). */
export function formatDateTime(iso: string): string {
  const { date, time } = shanghai(iso);
  return `${date} ${time}`;
}

export function formatRange(startsAt: string, endsAt: string): string {
  const s = shanghai(startsAt);
  const e = shanghai(endsAt);
  return `${s.date} ${s.time} 至 ${s.date === e.date ? e.time : `${e.date} ${e.time}`}`;
}

/** A datetime-local value ("2026-11-28T14:30") typed as Beijing time, as an ISO instant. */
export function localToIso(value: string): string {
  return `${value.length === 16 ? `${value}:00` : value}+08:00`;
}

export const Loading = () => <QueryLoading className="rz-act-loading" />;

export const Failed = (props: FailedProps) => <QueryFailed {...props} level={1} />;
