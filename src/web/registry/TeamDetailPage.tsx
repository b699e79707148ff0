import { EditOutlined, PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Descriptions,
  Empty,
  Skeleton,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  teamActions,
  teamStatuses,
  teamTransitions,
  type TeamAction,
  type TeamDetail,
  type TeamStatus,
  type VolunteerSummary,
} from '../../shared/registry';
import { formatDateTime } from '../locale/zh-CN';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { genderLabel, rz } from './locale';
import { LoadFailed, TeamStatusTag } from './parts';
import { useTeam, useVolunteerList } from './queries';
import { TeamActionModal } from './TeamActionModal';
import { HonoursHeldCard } from '../honours/HonoursHeldCard';

const t = rz.teams.detail;
const MEMBERS_PAGE = 10;

/** The steps this person may take now: 提交登记 for those who keep the team, the rest for reviewers. */
export function availableActions(team: TeamDetail): TeamAction[] {
  return teamActions.filter((action) => {
    const allowed = action === 'submit' ? team.canEdit : team.canReview;
    return allowed && teamTransitions[action].from.includes(team.status);
  });
}

const isStatus = (s: string | null): s is TeamStatus =>
  s !== null && (teamStatuses as readonly string[]).includes(s);

function History({ team }: { team: TeamDetail }) {
  if (team.history.length === 0) return <Empty description={t.historyEmpty} />;
  const colorOf = (action: string) =>
    action === 'approve'
      ? 'green'
      : action === 'return' || action === 'dissolve'
        ? 'red'
        : action === 'suspend'
          ? 'gray'
          : 'blue';
  return (
    <section aria-label={t.historyLabel}>
      <Timeline
        className="rz-reg-history"
        items={team.history.map((e, i) => ({
          key: `${e.at}-${i}`,
          color: colorOf(e.action),
          content: (
            <div className="rz-reg-history-item">
              <div className="rz-reg-history-head">
                <span className="rz-reg-history-action">
                  {(rz.labels.action as Record<string, string>)[e.action] ?? e.action}
                </span>
                <span className="rz-reg-history-actor">{e.actorName ?? t.system}</span>
                <time className="rz-reg-history-time" dateTime={e.at}>
                  {formatDateTime(e.at)}
                </time>
              </div>
              {isStatus(e.fromStatus) && isStatus(e.toStatus) && e.fromStatus !== e.toStatus && (
                <div className="rz-reg-history-status">
                  {t.statusChange(rz.labels.status[e.fromStatus], rz.labels.status[e.toStatus])}
                </div>
              )}
              {e.reason && (
                <div className="rz-reg-history-reason">
                  {t.reason}：{e.reason}
                </div>
              )}
            </div>
          ),
        }))}
      />
    </section>
  );
}

function Members({ team }: { team: TeamDetail }) {
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const members = useVolunteerList({ teamId: team.id, page, pageSize: MEMBERS_PAGE, sort: 'name' });
  const c = t.memberColumns;
  const columns: TableColumnsType<VolunteerSummary> = [
    { key: 'no', title: c.no, render: (_: unknown, v) => <span className="rz-mono">{v.volunteerNo}</span> },
    {
      key: 'name',
      title: c.name,
      render: (_: unknown, v) => <Link to={`/volunteers/${v.id}`}>{v.name}</Link>,
    },
    { key: 'gender', title: c.gender, render: (_: unknown, v) => genderLabel(v.gender) },
    { key: 'age', title: c.age, render: (_: unknown, v) => v.age },
    {
      key: 'role',
      title: c.role,
      render: (_: unknown, v) => {
        const role = v.teams.find((m) => m.id === team.id)?.role;
        return role ? rz.labels.role[role] : rz.common.none;
      },
    },
  ];
  return (
    <Card
      title={
        <h2 className="rz-card-heading">
          {t.membersTitle}
          {members.data && (
            <span className="rz-card-heading-meta">{rz.common.total(members.data.total)}</span>
          )}
        </h2>
      }
      extra={
        team.canEdit && team.status !== 'dissolved' ? (
          <Button
            icon={<UserAddOutlined aria-hidden="true" />}
            onClick={() => navigate(`/volunteers/new?teamId=${team.id}`)}
          >
            {t.addMember}
          </Button>
        ) : undefined
      }
      styles={{ body: { padding: 0 } }}
    >
      <Table<VolunteerSummary>
        className="rz-data-table"
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={members.data?.items ?? []}
        loading={members.isFetching}
        pagination={{
          current: page,
          pageSize: MEMBERS_PAGE,
          total: members.data?.total ?? 0,
          hideOnSinglePage: true,
          showSizeChanger: false,
          onChange: setPage,
        }}
        locale={{ emptyText: t.membersEmpty }}
        scroll={{ x: 'max-content' }}
        caption={<span className="rz-visually-hidden">{t.membersTitle}</span>}
      />
    </Card>
  );
}

function ParentLink({ id }: { id: string }) {
  const parent = useTeam(id);
  if (!parent.data) return <span>{rz.common.none}</span>;
  return <Link to={`/teams/${id}`}>{parent.data.name}</Link>;
}

function Facts({ team }: { team: TeamDetail }) {
  const none = rz.common.none;
  const items = [
    { key: 'category', label: t.category, children: rz.labels.category[team.category] },
    { key: 'region', label: t.region, children: team.regionPath },
    team.organizationName
      ? { key: 'org', label: t.organization, children: team.organizationName }
      : team.hostName
        ? { key: 'host', label: t.host, children: team.hostName }
        : null,
    team.category === 'integrated'
      ? {
          key: 'grounds',
          label: t.grounds,
          children: team.integrationGrounds.map((g) => rz.labels.ground[g]).join('、') || none,
        }
      : null,
    team.parentId ? { key: 'parent', label: t.parent, children: <ParentLink id={team.parentId} /> } : null,
    {
      key: 'fields',
      label: t.fields,
      children: team.fields.length ? (
        <span className="rz-reg-tags">
          {team.fields.map((f) => (
            <Tag key={f} className="rz-reg-field-tag">
              {f}
            </Tag>
          ))}
        </span>
      ) : (
        none
      ),
    },
    { key: 'leader', label: t.leader, children: team.leaderName },
    { key: 'phone', label: t.contactPhone, children: team.contactPhone ?? none },
    { key: 'founded', label: t.founded, children: team.foundedOn ?? none },
    { key: 'members', label: t.members, children: team.memberCount.toLocaleString('zh-CN') },
    {
      key: 'age',
      label: t.averageAge,
      children: team.averageAge === null ? none : rz.common.age(Math.round(team.averageAge)),
    },
    {
      key: 'id',
      label: t.id,
      children: (
        <span title={t.idHelp}>
          <Typography.Text className="rz-mono" copyable>
            {team.id}
          </Typography.Text>
        </span>
      ),
    },
    { key: 'description', label: t.description, children: team.description || none, span: 'filled' as const },
  ].filter((x) => x !== null);
  return (
    <Card title={<h2 className="rz-card-heading">{t.facts}</h2>}>
      <Descriptions column={{ xs: 1, md: 2, xl: 3 }} items={items} className="rz-reg-facts" />
    </Card>
  );
}

function SubTeams({ team }: { team: TeamDetail }) {
  const navigate = useNavigate();
  return (
    <Card
      title={<h2 className="rz-card-heading">{t.subTeamsTitle}</h2>}
      extra={
        team.canEdit && team.status !== 'dissolved' ? (
          <Button
            icon={<PlusOutlined aria-hidden="true" />}
            onClick={() => navigate(`/teams/new?parentId=${team.id}`)}
          >
            {rz.teams.createSub}
          </Button>
        ) : undefined
      }
    >
      {team.subTeams.length === 0 ? (
        <Typography.Text type="secondary">{t.subTeamsEmpty}</Typography.Text>
      ) : (
        <ul className="rz-reg-subteams">
          {team.subTeams.map((s) => (
            <li key={s.id}>
              <Link to={`/teams/${s.id}`}>{s.name}</Link>
              <TeamStatusTag status={s.status} />
              <span className="rz-reg-muted">
                {t.members} {s.memberCount}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** 队伍详情: facts, the registration steps open to this person, members, sub-teams and the history. */
export function TeamDetailPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const team = useTeam(id);
  const [acting, setActing] = useState<TeamAction | null>(null);
  useDocumentTitle(team.data?.name ?? rz.teams.listTitle);

  if (team.isError)
    return (
      <LoadFailed
        error={team.error}
        notFound={t.notFound}
        onRetry={() => void team.refetch()}
        backTo="/teams"
        backLabel={rz.teams.listTitle}
      />
    );
  if (!team.data)
    return (
      <div className="rz-page rz-reg-page">
        <Card>
          <Skeleton active />
        </Card>
      </div>
    );
  const data = team.data;
  const actions = availableActions(data);

  return (
    <div className="rz-page rz-reg-page">
      <Card className="rz-region-header">
        <div className="rz-region-header-row">
          <div className="rz-region-heading">
            <PageTitle extra={<TeamStatusTag status={data.status} />}>{data.name}</PageTitle>
            <span className="rz-reg-path">{data.regionPath}</span>
          </div>
          <Space wrap className="rz-reg-actions">
            {data.canEdit && (
              <Button
                icon={<EditOutlined aria-hidden="true" />}
                onClick={() => navigate(`/teams/${data.id}/edit`)}
              >
                {rz.common.edit}
              </Button>
            )}
            {actions.map((action) => (
              <Button
                key={action}
                type={
                  action === 'submit' || action === 'approve' || action === 'resume' ? 'primary' : 'default'
                }
                danger={action === 'dissolve' || action === 'return'}
                onClick={() => setActing(action)}
              >
                {rz.labels.action[action]}
              </Button>
            ))}
          </Space>
        </div>
      </Card>
      <Facts team={data} />
      <div className="rz-reg-two-columns">
        <Members key={data.id} team={data} />
        <Card title={<h2 className="rz-card-heading">{t.historyTitle}</h2>}>
          <History team={data} />
        </Card>
      </div>
      <SubTeams team={data} />
      <HonoursHeldCard kind="team" id={data.id} />
      <TeamActionModal key={data.id} team={data} action={acting} onClose={() => setActing(null)} />
    </div>
  );
}
