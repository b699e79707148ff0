import { ReloadOutlined } from '@ant-design/icons';
import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { errorMessage } from '../api';
import { findNavItem, homePathFor, navItems } from '../layout/navigation';
import { zh } from '../locale/zh-CN';
import { ForbiddenPage } from '../pages/ErrorPage';
import { mayAccess } from './access';
import { MeProvider, useMe, useSession, type SignedOutReason } from './session';

/** `/login`, remembering where the person wanted to go (unless that was just the start page). */
export function loginPath(next: string, reason: SignedOutReason): string {
  const params = new URLSearchParams();
  if (reason !== 'logout' && next !== '/') params.set('next', next);
  if (reason === 'expired') params.set('expired', '1');
  const qs = params.toString();
  return qs ? `/login?${qs}` : '/login';
}

export function FullPageLoading({ label }: { label: string }) {
  return (
    <div className="rz-full-page-center" aria-busy="true">
      <Spin size="large" />
      <p role="status">{label}</p>
    </div>
  );
}

/** Everything but the login page is for signed-in people: without a session, go to the login page. */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();

  if (session.data === undefined) {
    if (session.isError) {
      return (
        <div className="rz-full-page-center">
          <Result
            status="error"
            title={<h1 className="rz-result-title">{zh.auth.sessionCheckFailed}</h1>}
            subTitle={errorMessage(session.error)}
            extra={
              <Button
                type="primary"
                icon={<ReloadOutlined aria-hidden="true" />}
                onClick={() => void session.refetch()}
              >
                {zh.errors.retry}
              </Button>
            }
          />
        </div>
      );
    }
    return <FullPageLoading label={zh.auth.checking} />;
  }
  if (!session.data.signedIn) {
    const here = `${location.pathname}${location.search}`;
    return <Navigate to={loginPath(here, session.data.reason)} replace />;
  }
  return <MeProvider value={session.data.me}>{children}</MeProvider>;
}

/** A page listed in the navigation opens only for those its menu entry admits. */
export function Guarded({ nav, children }: { nav: string; children: ReactNode }) {
  const me = useMe();
  const item = findNavItem(navItems, nav);
  if (!item || !mayAccess(me, item.access)) return <ForbiddenPage />;
  return children;
}

/** `/`: the home page for business staff; everyone else starts at the first page of their own menu. */
export function StartPage({ home }: { home: ReactNode }) {
  const me = useMe();
  const path = homePathFor(me);
  if (path === '/') return home;
  return <Navigate to={path} replace />;
}
