import { chinaToday } from '../../shared/dates';
import { Select } from 'antd';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useMe } from '../auth/session';
import { ForbiddenPage } from '../pages/ErrorPage';
import { pt } from './locale';
import { Failed as QueryFailed, Loading as QueryLoading, type FailedProps } from '../components/QueryState';

/** Business staff who keep plans (the server decides again on every request). */
export function StaffGate({ children }: { children: ReactNode }) {
  const me = useMe();
  if (me.sessionKind !== 'staff' || !me.capabilities.includes('plans.keep')) return <ForbiddenPage />;
  return children;
}

/** The city keeps the working-day table and the local key dates; everyone else reads them. */
export function useKeepsCityCalendar(): boolean {
  return useMe().capabilities.includes('calendar.keep');
}

/** City and county bureaus write themed activity templates. */
export function useKeepsTemplates(): boolean {
  return useMe().capabilities.includes('templates.keep');
}

/** Region staff (市/县/乡/村) see the compliance view of their region. */
export function useIsRegionStaff(): boolean {
  return useMe().capabilities.includes('regions.manage');
}

export const Loading = () => <QueryLoading className="rz-plan-loading" />;

export const Failed = (props: FailedProps) => <QueryFailed {...props} level={2} />;

const thisYear = () => Number(chinaToday().slice(0, 4));

/** The year shown, kept in the URL (?year=2026); this year by default. */
export function useYearParam(): [number, (y: number) => void] {
  const [params, setParams] = useSearchParams();
  const raw = Number(params.get('year'));
  const year = Number.isInteger(raw) && raw >= 2000 && raw <= 2100 ? raw : thisYear();
  return [
    year,
    (y) =>
      setParams(
        (p) => {
          p.set('year', String(y));
          return p;
        },
        { replace: true },
      ),
  ];
}

export function YearSelect({
  value,
  onChange,
  id,
}: {
  value: number;
  onChange: (y: number) => void;
  id: string;
}) {
  const now = thisYear();
  const years = Array.from({ length: 6 }, (_, i) => now - 3 + i);
  if (!years.includes(value)) years.push(value);
  return (
    <span className="rz-plan-filter">
      <label htmlFor={id} className="rz-plan-filter-label">
        {pt.common.year}
      </label>
      <Select
        id={id}
        value={value}
        onChange={onChange}
        options={years.sort().map((y) => ({ value: y, label: pt.common.yearLabel(y) }))}
        className="rz-plan-year-select"
      />
    </span>
  );
}

export const weekdayOf = (date: string) => pt.weekdays[new Date(`${date}T00:00:00Z`).getUTCDay()]!;

/** 2026-03-05 → 3月5日 */
export function shortDate(date: string): string {
  const [, m, d] = date.split('-').map(Number);
  return `${m}月${d}日`;
}
