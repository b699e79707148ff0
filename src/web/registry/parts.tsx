import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Result, Select, Tag } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import type { Role } from '../../shared/identity';
import type { TeamStatus } from '../../shared/registry';
import { ApiError, errorMessage } from '../api';
import { useMe } from '../auth/session';
import { ForbiddenPage } from '../pages/ErrorPage';
import { withQuery } from '../api';
import { rz } from './locale';
import { useTeam, useTeamOptions, type ListQuery } from './queries';

/** Region staff: the roles that see the 一村一队伍 coverage (it is counted by region). */
export const regionRoles: readonly Role[] = ['city_admin', 'county_admin', 'township_admin', 'village_admin'];
/** Everyone who keeps the registry (the server's `mayKeepRegistry`). */
export const registryRoles: readonly Role[] = [...regionRoles, 'org_admin', 'team_leader'];

/** Opens the page only for these roles (the menu hides it from the others; the server checks again). */
export function RoleGate({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const me = useMe();
  if (me.sessionKind !== 'staff' || !roles.includes(me.account.role)) return <ForbiddenPage />;
  return children;
}

export function TeamStatusTag({ status }: { status: TeamStatus }) {
  return <Tag className={`rz-reg-status rz-reg-status-${status}`}>{rz.labels.status[status]}</Tag>;
}

/** A page whose record could not be loaded: not found / out of scope, or a retry for anything else. */
export function LoadFailed({
  error,
  notFound,
  onRetry,
  backTo,
  backLabel,
}: {
  error: unknown;
  notFound: string;
  onRetry: () => void;
  backTo: string;
  backLabel: string;
}) {
  const navigate = useNavigate();
  const missing = error instanceof ApiError && [400, 403, 404].includes(error.status);
  return (
    <Result
      status={missing ? '404' : 'error'}
      title={<h1 className="rz-result-title">{missing ? notFound : rz.common.loadFailed}</h1>}
      subTitle={errorMessage(error)}
      extra={[
        missing ? null : (
          <Button key="retry" icon={<ReloadOutlined aria-hidden="true" />} onClick={onRetry}>
            {rz.common.retry}
          </Button>
        ),
        <Button key="back" type="primary" onClick={() => navigate(backTo)}>
          {backLabel}
        </Button>,
      ]}
    />
  );
}

/** 导出Excel: a plain link (the session cookie goes along), with the list's filters but not its page. */
export function ExportButton({ path, query }: { path: string; query: ListQuery }) {
  const { page: _page, pageSize: _pageSize, ...filters } = query;
  return (
    <Button
      href={withQuery(path, filters)}
      download
      icon={<DownloadOutlined aria-hidden="true" />}
      title={rz.common.exportHint}
    >
      {rz.common.exportExcel}
    </Button>
  );
}

function useDebounced<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setShown(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return shown;
}

export interface TeamSelectProps {
  id?: string;
  value?: string;
  onChange?: (id: string | undefined) => void;
  /** Not offered (a team cannot be its own parent). */
  exclude?: string;
  placeholder?: string;
  status?: '' | 'error' | 'warning';
  allowClear?: boolean;
}

/** A team among those the person may see, found by typing part of its name. */
export function TeamSelect({
  id,
  value,
  onChange,
  exclude,
  placeholder = rz.common.teamSearchPlaceholder,
  status,
  allowClear = true,
}: TeamSelectProps) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const teams = useTeamOptions(q);
  const known = teams.data?.some((t) => t.id === value) ?? false;
  const current = useTeam(value && !known ? value : undefined);
  const options = useMemo(() => {
    const list = (teams.data ?? [])
      .filter((t) => t.id !== exclude && t.status !== 'dissolved')
      .map((t) => ({ value: t.id, label: `${t.name}（${t.region.name}）` }));
    if (value && !list.some((o) => o.value === value) && current.data)
      list.unshift({ value, label: `${current.data.name}（${current.data.region.name}）` });
    return list;
  }, [teams.data, exclude, value, current.data]);

  return (
    <Select
      id={id}
      value={value}
      onChange={(v: string | undefined) => onChange?.(v)}
      options={options}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      placeholder={placeholder}
      loading={teams.isFetching}
      allowClear={allowClear}
      status={status}
      notFoundContent={teams.isFetching ? rz.common.loading : rz.common.teamSearchEmpty}
      onClear={() => setSearch('')}
      className="rz-reg-select"
    />
  );
}
