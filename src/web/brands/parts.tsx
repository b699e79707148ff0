import type { ReactNode } from 'react';
import { chinaDate } from '../../shared/dates';
import { hoursOf as sharedHoursOf } from '../../shared/hours';
import type { Me } from '../../shared/identity';
import { regionPrefix } from '../../shared/regions';
import { audienceOf } from '../auth/access';
import { useMe } from '../auth/session';
import { ForbiddenPage } from '../pages/ErrorPage';
import { bt } from './locale';
import { Failed as QueryFailed, Loading as QueryLoading, type FailedProps } from '../components/QueryState';

/** Business staff only (the server checks every request again). */
export function BusinessGate({ children }: { children: ReactNode }) {
  const me = useMe();
  if (audienceOf(me) !== 'business') return <ForbiddenPage />;
  return children;
}

/**
 * Mirrors the server's `mayKeepBrands` and scope for showing buttons: the city and county bureaus,
 * for brands in their own area.
 */
export function mayKeepBrandIn(me: Me, countyCode?: string): boolean {
  if (me.account.role !== 'city_admin' && me.account.role !== 'county_admin') return false;
  const own = me.account.region?.code;
  if (!own) return false;
  return countyCode === undefined || countyCode.startsWith(regionPrefix(own));
}

export const Loading = () => <QueryLoading className="rz-brand-loading" />;

export const Failed = (props: FailedProps) => <QueryFailed {...props} level={1} />;

/** 1234 minutes → "20.6". */
export const hoursOf = (minutes: number) => sharedHoursOf(minutes).toLocaleString('zh-CN');

/** The Asia/Shanghai date of an instant, 2026年11月28日 (whatever the browser's time zone). */
export const formatDate = (iso: string | null | undefined) => {
  if (!iso) return bt.common.none;
  if (Number.isNaN(Date.parse(iso))) return iso;
  const [y, m, d] = chinaDate(iso).split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};

/** Multi-line text as paragraphs. */
export function Paragraphs({ text }: { text: string }) {
  if (!text.trim()) return <p className="rz-brand-muted">{bt.common.none}</p>;
  return (
    <>
      {text
        .split(/\n+/)
        .filter((p) => p.trim())
        .map((p, i) => (
          <p key={i}>{p}</p>
        ))}
    </>
  );
}
