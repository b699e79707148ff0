import { Tag } from 'antd';
import type { ReactNode } from 'react';
import { chinaDate, chinaToday } from '../../shared/dates';
import type { Me } from '../../shared/identity';
import { audienceOf } from '../auth/access';
import { useMe } from '../auth/session';
import { formatDateTime } from '../locale/zh-CN';
import { ForbiddenPage } from '../pages/ErrorPage';
import { lt } from './locale';
import type { TaskStatus } from './queries';
import { Failed as QueryFailed, Loading as QueryLoading, type FailedProps } from '../components/QueryState';

/** Business staff only (the server checks every request again). */
export function BusinessGate({ children }: { children: ReactNode }) {
  const me = useMe();
  if (audienceOf(me) !== 'business') return <ForbiddenPage />;
  return children;
}

/** Mirrors the server's policy for which buttons to show: groups are the city's and counties'. */
export const mayKeepGroups = (me: Me) =>
  me.account.role === 'city_admin' || me.account.role === 'county_admin';
export const mayAssign = (me: Me) => me.account.role === 'city_admin';
export const mayReport = (me: Me) => me.account.role === 'county_admin';

const statusClass: Record<TaskStatus, string> = {
  not_started: 'rz-lead-tag-idle',
  in_progress: 'rz-lead-tag-doing',
  done: 'rz-lead-tag-done',
};

export function StatusTag({ status, overdue }: { status: TaskStatus; overdue?: boolean }) {
  return (
    <span className="rz-lead-status">
      <Tag className={statusClass[status]}>{lt.status[status]}</Tag>
      {overdue ? <Tag className="rz-lead-overdue">{lt.tasks.overdueTag}</Tag> : null}
    </span>
  );
}

export const Loading = () => <QueryLoading className="rz-lead-loading" />;

export const Failed = (props: FailedProps) => <QueryFailed {...props} level={1} />;

/** "2026-03-31" → "2026年3月31日". */
export const formatDay = (day: string | null | undefined) => {
  if (!day) return lt.common.none;
  const [y, m, d] = day.slice(0, 10).split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};

/** An instant as 2026年11月28日 14:30, Asia/Shanghai (whatever the browser's time zone). */
export const formatTime = (iso: string) => {
  if (Number.isNaN(Date.parse(iso))) return iso;
  return `${formatDay(chinaDate(iso))} ${formatDateTime(iso).slice(11)}`;
};

/** Today in Asia/Shanghai, as YYYY-MM-DD. */
export const today = () => chinaToday();
