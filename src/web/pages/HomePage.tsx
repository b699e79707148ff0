import {
  ArrowRightOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  AppstoreOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { Card, Col, List, Row, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { ServiceRecord } from '../../shared/activities';
import { formatRange, mayRunActivities, StatusTag } from '../activities/parts';
import { useActivities, usePendingRecords, useRecordRequests } from '../activities/queries';
import { mayAccess } from '../auth/access';
import { useMe } from '../auth/session';
import { Failed, Loading } from '../components/QueryState';
import { DashboardPage } from '../dashboard/DashboardPage';
import { statisticsAccess } from '../dashboard';
import { navItems, visibleNavItems, type NavItem } from '../layout/navigation';
import { zh } from '../locale/zh-CN';
import { useDocumentTitle } from '../useDocumentTitle';
import { PageTitle } from './PageTitle';

const t = zh.home;

/**
 * Region staff open on the dashboard (数据看板). Team leaders and organisation staff open on their
 * 工作台: what waits for them (hours to confirm, volunteers' correction requests), the activities under
 * way and coming, and their menu as large buttons.
 */
export function HomePage() {
  const me = useMe();
  return mayAccess(me, statisticsAccess) ? <DashboardPage /> : <WorkbenchPage />;
}

function WorkbenchPage() {
  useDocumentTitle(t.title);
  const me = useMe();
  const runsActivities = mayRunActivities(me);
  const where = me.account.organization?.name ?? me.account.region?.name;
  return (
    <div className="rz-page">
      <section className="rz-welcome" aria-labelledby="rz-welcome-title">
        <PageTitle>
          <span id="rz-welcome-title">{t.title}</span>
        </PageTitle>
        <Typography.Paragraph className="rz-lead">
          {t.greeting(me.account.displayName)}
          <Tag className="rz-workbench-role">{me.account.roleLabel}</Tag>
          {where && <span className="rz-workbench-where">{where}</span>}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t.lead}</Typography.Paragraph>
      </section>
      {runsActivities && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <TodoCard />
          </Col>
          <Col xs={24} lg={12}>
            <ActivitiesCard />
          </Col>
        </Row>
      )}
      <ShortcutsCard />
    </div>
  );
}

const countText = (n: number, limit = 500) => (n >= limit ? `${limit}+` : String(n));

function CardHeading({ icon, children }: { icon: ReactNode; children: ReactNode }) {
  return (
    <h2 className="rz-card-heading">
      {icon} {children}
    </h2>
  );
}

/** Hours waiting for the team's confirmation, by activity, and volunteers' correction requests. */
function TodoCard() {
  const records = usePendingRecords();
  const requests = useRecordRequests({ status: 'pending' });
  const body = () => {
    if (records.isPending || requests.isPending) return <Loading />;
    if (records.isError) return <Failed error={records.error} onRetry={() => void records.refetch()} />;
    if (requests.isError) return <Failed error={requests.error} onRetry={() => void requests.refetch()} />;
    const groups = byActivity(records.data);
    const shown = groups.slice(0, 5);
    if (records.data.length === 0 && requests.data.length === 0)
      return <Typography.Paragraph className="rz-workbench-none">{t.todoNone}</Typography.Paragraph>;
    return (
      <div className="rz-workbench-todo">
        {records.data.length > 0 && (
          <section aria-labelledby="rz-todo-records">
            <h3 id="rz-todo-records" className="rz-workbench-todo-title">
              {t.pendingRecords(countText(records.data.length))}
            </h3>
            <Typography.Paragraph type="secondary">{t.pendingRecordsHint}</Typography.Paragraph>
            <List
              size="small"
              dataSource={shown}
              renderItem={(g) => (
                <List.Item extra={<span className="rz-workbench-count">{t.recordsOf(g.count)}</span>}>
                  {g.activityId ? (
                    <Link to={`/activities/${encodeURIComponent(g.activityId)}`}>{g.name}</Link>
                  ) : (
                    <span>{t.manualEntry}</span>
                  )}
                </List.Item>
              )}
            />
            {groups.length > shown.length && (
              <Typography.Text type="secondary">{t.more(groups.length - shown.length)}</Typography.Text>
            )}
          </section>
        )}
        {requests.data.length > 0 && (
          <section aria-labelledby="rz-todo-requests" className="rz-workbench-todo-requests">
            <h3 id="rz-todo-requests" className="rz-workbench-todo-title">
              {t.pendingRequests(countText(requests.data.length))}
            </h3>
            <Link to="/activities/record-requests" className="rz-strong-link">
              {t.pendingRequestsAction} <ArrowRightOutlined aria-hidden="true" />
            </Link>
          </section>
        )}
      </div>
    );
  };
  return (
    <Card
      title={<CardHeading icon={<CheckSquareOutlined aria-hidden="true" />}>{t.todoTitle}</CardHeading>}
      className="rz-home-card"
    >
      {body()}
    </Card>
  );
}

function byActivity(records: ServiceRecord[]) {
  const groups = new Map<string, { activityId: string | null; name: string; count: number; last: string }>();
  for (const r of records) {
    const key = r.activityId ?? '';
    const g = groups.get(key) ?? { activityId: r.activityId, name: r.activityName, count: 0, last: '' };
    g.count += 1;
    if (r.serviceDate > g.last) g.last = r.serviceDate;
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.last.localeCompare(a.last) || b.count - a.count);
}

/** Activities under way (with the check-in screen a tap away) and the next published ones. */
function ActivitiesCard() {
  const ongoing = useActivities({ status: 'ongoing' });
  const published = useActivities({ status: 'published' });
  const body = () => {
    if (ongoing.isPending || published.isPending) return <Loading />;
    if (ongoing.isError) return <Failed error={ongoing.error} onRetry={() => void ongoing.refetch()} />;
    if (published.isError) return <Failed error={published.error} onRetry={() => void published.refetch()} />;
    const upcoming = [...published.data].sort((a, b) => a.startsAt.localeCompare(b.startsAt)).slice(0, 5);
    return (
      <>
        {ongoing.data.length > 0 && (
          <section aria-labelledby="rz-ongoing" className="rz-workbench-ongoing">
            <h3 id="rz-ongoing" className="rz-workbench-todo-title">
              {t.ongoingTitle}
            </h3>
            <List
              size="small"
              dataSource={ongoing.data.slice(0, 5)}
              renderItem={(a) => (
                <List.Item
                  actions={
                    a.canManage
                      ? [
                          <Link key="screen" to={`/activities/${encodeURIComponent(a.id)}/checkin-screen`}>
                            {t.ongoingAction}
                          </Link>,
                        ]
                      : undefined
                  }
                >
                  <List.Item.Meta
                    title={<Link to={`/activities/${encodeURIComponent(a.id)}`}>{a.title}</Link>}
                    description={formatRange(a.startsAt, a.endsAt)}
                  />
                </List.Item>
              )}
            />
          </section>
        )}
        <section aria-labelledby="rz-upcoming">
          <h3 id="rz-upcoming" className="rz-workbench-todo-title">
            {t.upcomingTitle}
          </h3>
          {upcoming.length === 0 ? (
            <Typography.Paragraph type="secondary">{t.upcomingNone}</Typography.Paragraph>
          ) : (
            <List
              size="small"
              dataSource={upcoming}
              renderItem={(a) => (
                <List.Item>
                  <List.Item.Meta
                    title={
                      <>
                        <Link to={`/activities/${encodeURIComponent(a.id)}`}>{a.title}</Link>{' '}
                        <StatusTag status={a.status} />
                      </>
                    }
                    description={`${formatRange(a.startsAt, a.endsAt)} · ${a.place}`}
                  />
                </List.Item>
              )}
            />
          )}
        </section>
      </>
    );
  };
  return (
    <Card
      title={<CardHeading icon={<CalendarOutlined aria-hidden="true" />}>{t.activitiesTitle}</CardHeading>}
      className="rz-home-card"
      extra={
        <span className="rz-workbench-card-actions">
          <Link to="/activities">{t.allActivities}</Link>
          <Link to="/activities/new" className="ant-btn ant-btn-primary ant-btn-sm">
            <PlusOutlined aria-hidden="true" /> {t.newActivity}
          </Link>
        </span>
      }
    >
      {body()}
    </Card>
  );
}

/** The person's own menu as large buttons (the same entries and rules as the side menu). */
function ShortcutsCard() {
  const me = useMe();
  const entries = flatten(visibleNavItems(navItems, me)).filter((n) => n.path && n.path !== '/');
  return (
    <Card
      title={<CardHeading icon={<AppstoreOutlined aria-hidden="true" />}>{t.shortcutsTitle}</CardHeading>}
      className="rz-workbench-shortcuts"
    >
      <nav aria-label={t.shortcutsTitle}>
        <ul className="rz-workbench-shortcut-list">
          {entries.map((n) => (
            <li key={n.key}>
              <Link to={n.path!} className="rz-workbench-shortcut">
                <span aria-hidden="true" className="rz-workbench-shortcut-icon">
                  {n.icon}
                </span>
                <span>{n.label}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </Card>
  );
}

/** A group's entries carry the group's icon where they have none of their own. */
const flatten = (items: readonly NavItem[], icon?: ReactNode): NavItem[] =>
  items.flatMap((n) => (n.children ? flatten(n.children, n.icon) : [{ ...n, icon: n.icon ?? icon }]));
