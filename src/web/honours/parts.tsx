import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Result, Select, Spin, Tag } from 'antd';
import { useState, type ReactNode } from 'react';
import { isSystemRole } from '../../shared/identity';
import type { HolderKind, NominationStatus } from '../../shared/honours';
import { useMe } from '../auth/session';
import { ForbiddenPage } from '../pages/ErrorPage';
import { RegionCascader } from '../registry/RegionCascader';
import { ht } from './locale';
import { searchHolders } from './queries';
import './honours.css';
import { Failed as QueryFailed, Loading as QueryLoading, type FailedProps } from '../components/QueryState';

/** Business staff (region, organisation and team staff); the server checks every step again. */
export function StaffGate({ children }: { children: ReactNode }) {
  const me = useMe();
  if (me.sessionKind !== 'staff' || isSystemRole(me.account.role)) return <ForbiddenPage />;
  return children;
}

/** 年度表彰: the city's. */
export function CityGate({ children }: { children: ReactNode }) {
  const me = useMe();
  if (me.sessionKind !== 'staff' || !me.capabilities.includes('honours.commend'))
    return <Result status="403" title={<h1 className="rz-result-title">{ht.common.onlyCity}</h1>} />;
  return children;
}

export function StatusTag({ status }: { status: NominationStatus }) {
  return <Tag className={`rz-hon-status rz-hon-status-${status}`}>{ht.labels.status[status]}</Tag>;
}

export function LevelTag({ level }: { level: string }) {
  return <Tag className={`rz-hon-level rz-hon-level-${level}`}>{ht.labels.level[level] ?? level}</Tag>;
}

export const Loading = () => <QueryLoading className="rz-hon-loading" />;

export const Failed = (props: FailedProps) => <QueryFailed {...props} level={2} />;

/** Picks a volunteer, team, brand (searched by name inside the viewer's scope) or a village. */
export function HolderPicker({
  id,
  kind,
  value,
  onChange,
}: {
  id?: string;
  kind: HolderKind;
  value?: string;
  onChange?: (v: string | undefined) => void;
}) {
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['honours', 'holders', kind, q],
    queryFn: () => searchHolders(kind, q),
    enabled: kind !== 'village',
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const options = found.data ?? [];
  const loading = found.isFetching;
  if (kind === 'village') return <RegionCascader id={id} value={value} onChange={onChange} />;
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      options={options}
      loading={loading}
      placeholder={ht.form.nomineeSearch}
      notFoundContent={loading ? <Spin size="small" /> : undefined}
      allowClear
    />
  );
}
