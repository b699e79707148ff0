import { ReloadOutlined } from '@ant-design/icons';
import { Button, Result, Spin, Tag } from 'antd';
import type { ReactNode } from 'react';
import type { ActivityStatus } from '../../shared/activities';
import type { Role } from '../../shared/identity';
import { errorMessage } from '../api';
import { useMe } from '../auth/session';
import { ForbiddenPage } from '../pages/ErrorPage';
import { at } from './locale';

/** Everyone who manages activities (the server's registry keepers). */
export const activityRoles: readonly Role[] = [
  'city_admin',
  'county_admin',
  'township_admin',
  'village_admin',
  'org_admin',
  'team_leader',
];

export function StaffGate({ children }: { children: ReactNode }) {
  const me = useMe();
  if (me.sessionKind !== 'staff' || !activityRoles.includes(me.account.role)) return <ForbiddenPage />;
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

/** 2026年11月28日 14:30 (the browser's time zone; Handan is UTC+8). */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formatRange(startsAt: string, endsAt: string): string {
  const s = new Date(startsAt);
  const e = new Date(endsAt);
  const sameDay = s.toDateString() === e.toDateString();
  return `${formatDateTime(startsAt)} 至 ${sameDay ? `${pad(e.getHours())}:${pad(e.getMinutes())}` : formatDateTime(endsAt)}`;
}

/** A local datetime-local value ("2026-11-28T14:30") as an ISO instant with the browser's offset. */
export function localToIso(value: string): string {
  const d = new Date(value);
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${value.length === 16 ? `${value}:00` : value}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export function Loading() {
  return (
    <div className="rz-act-loading" aria-busy="true">
      <Spin />
      <span role="status">{at.common.loading}</span>
    </div>
  );
}

export function Failed({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <Result
      status="error"
      title={<h1 className="rz-result-title">{at.common.loadFailed}</h1>}
      subTitle={errorMessage(error)}
      extra={
        <Button icon={<ReloadOutlined aria-hidden="true" />} onClick={onRetry}>
          {at.common.retry}
        </Button>
      }
    />
  );
}
