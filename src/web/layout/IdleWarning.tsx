import { ClockCircleOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api';
import { useMe } from '../auth/session';
import { zh } from '../locale/zh-CN';
import { minutesLeftToWarn } from './idle';

const t = zh.idle;

/**
 * A staff session ends after 30 idle minutes. A few minutes before, this non-modal notice says so and
 * offers 继续使用 (one press, any time before the end) — no one loses their work to a timer they could
 * not see (WCAG 2.2.1). Volunteers' sessions have no idle limit. Any answer from the server counts as
 * activity: the query and mutation caches report every one.
 */
export function IdleWarning() {
  const me = useMe();
  const client = useQueryClient();
  const lastContact = useRef(0);
  const [left, setLeft] = useState<number | null>(null);
  const [extending, setExtending] = useState(false);
  const staff = me.sessionKind === 'staff';

  useEffect(() => {
    if (!staff) return;
    lastContact.current = Date.now();
    const note = () => {
      lastContact.current = Date.now();
      setLeft(null);
    };
    // The server answered (a success, or an error it sent): that request counted as activity there too.
    const answered = (action: { type: string; error?: unknown }) =>
      action.type === 'success' ||
      (action.type === 'error' && action.error instanceof ApiError && action.error.status > 0);
    const offQueries = client.getQueryCache().subscribe((event) => {
      // Background polling (unread messages) does not keep the session alive on the server either.
      if (event.query.meta?.background) return;
      if (event.type === 'updated' && answered(event.action)) note();
    });
    const offMutations = client.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && answered(event.action)) note();
    });
    const tick = () => setLeft(minutesLeftToWarn(lastContact.current, Date.now()));
    const timer = window.setInterval(tick, 15_000);
    return () => {
      offQueries();
      offMutations();
      window.clearInterval(timer);
    };
  }, [client, staff]);

  if (!staff || left === null) return null;
  const extend = () => {
    setExtending(true);
    // Asking the server who is signed in is a request like any other: the idle clock starts again.
    void client.refetchQueries({ queryKey: ['auth', 'session'] }).finally(() => setExtending(false));
  };
  return (
    <section className="rz-idle-warning" aria-labelledby="rz-idle-title">
      <ClockCircleOutlined aria-hidden="true" className="rz-idle-icon" />
      <div className="rz-idle-text" role="alert">
        <h2 id="rz-idle-title" className="rz-idle-title">
          {t.title}
        </h2>
        <p>{left > 0 ? t.body(left) : t.bodySoon}</p>
      </div>
      <Button type="primary" size="large" loading={extending} onClick={extend}>
        {t.extend}
      </Button>
    </section>
  );
}
