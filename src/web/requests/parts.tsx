import { Tag } from 'antd';
import type { ReactNode } from 'react';
import type { Role } from '../../shared/identity';
import type { RequestStatus } from '../../shared/requests';
import { useMe } from '../auth/session';
import { ForbiddenPage } from '../pages/ErrorPage';
import { rt } from './locale';
import { Failed as QueryFailed, Loading as QueryLoading, type FailedProps } from '../components/QueryState';

/** Staff who take part in 点单: stations file and dispatch, teams answer. */
export const requestRoles: readonly Role[] = [
  'city_admin',
  'county_admin',
  'township_admin',
  'village_admin',
  'org_admin',
  'team_leader',
];
/** Who calls out teams in an emergency (the server decides; this only shapes the menu). */
export const callOutRoles: readonly Role[] = ['city_admin', 'county_admin'];

export function RequestsGate({ children }: { children: ReactNode }) {
  const me = useMe();
  if (me.sessionKind !== 'staff' || !requestRoles.includes(me.account.role)) return <ForbiddenPage />;
  return children;
}

export function CallOutGate({ children }: { children: ReactNode }) {
  const me = useMe();
  if (me.sessionKind !== 'staff' || !callOutRoles.includes(me.account.role)) return <ForbiddenPage />;
  return children;
}

export function VolunteerOnly({ children }: { children: ReactNode }) {
  const me = useMe();
  if (me.sessionKind !== 'volunteer') return <ForbiddenPage />;
  return children;
}

const statusColors: Record<RequestStatus, string> = {
  submitted: 'orange',
  dispatched: 'blue',
  accepted: 'cyan',
  completed: 'purple',
  rated: 'green',
  cancelled: 'default',
};

export function RequestStatusTag({ status }: { status: RequestStatus }) {
  return <Tag color={statusColors[status]}>{rt.status[status]}</Tag>;
}

export function OverdueTag({ step }: { step: 'dispatch' | 'accept' | null }) {
  return step ? <Tag color="red">{rt.overdue[step]}</Tag> : null;
}

const pad = (n: number) => String(n).padStart(2, '0');
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value ("2026-11-28T14:30") as an ISO instant with the browser's offset. */
export function localToIso(value: string): string {
  const d = new Date(value);
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${value.length === 16 ? `${value}:00` : value}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** An instant as a datetime-local value in the browser's zone. */
export function isoToLocal(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export const Loading = () => <QueryLoading className="rz-req-loading" />;

export const Failed = (props: FailedProps) => <QueryFailed {...props} level={1} />;
