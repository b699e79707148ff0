import { QrcodeOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Result,
  Select,
  Space,
  Table,
  Tag,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { Activity } from '../../shared/activities';
import type { VolunteerSummary } from '../../shared/registry';
import { ApiError, errorMessage } from '../api';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { at } from './locale';
import { AttendanceCard, OutputsCard, RecordsCard, RequestsCard, SignupsCard } from './DetailCards';
import { Failed, formatRange, Loading, StatusTag } from './parts';
import { useActivity, useActivityStep, useProxyCheck, useSignUp, useTeamMembers } from './queries';

const t = at.detail;

export function ActivityDetailPage() {
  const { id = '' } = useParams();
  const activity = useActivity(id);
  useDocumentTitle(activity.data?.title ?? at.list.title);
  const navigate = useNavigate();

  if (activity.isLoading) return <Loading />;
  if (activity.isError || !activity.data) {
    const missing = activity.error instanceof ApiError && [400, 403, 404].includes(activity.error.status);
    if (missing)
      return (
        <Result
          status="404"
          title={<h1 className="rz-result-title">{at.common.notFound}</h1>}
          extra={
            <Button type="primary" onClick={() => void navigate('/activities')}>
              {at.common.back}
            </Button>
          }
        />
      );
    return <Failed error={activity.error} onRetry={() => void activity.refetch()} />;
  }
  const a = activity.data;
  const open = a.status === 'published' || a.status === 'ongoing';
  return (
    <div className="rz-page">
      <PageTitle extra={<StatusTag status={a.status} />}>{a.title}</PageTitle>
      {a.canManage && <StatusActions activity={a} />}
      <Card title={<h2 className="rz-card-heading">{t.facts}</h2>}>
        <Descriptions column={{ xs: 1, md: 2 }} className="rz-act-facts">
          <Descriptions.Item label={t.team}>{a.teamName}</Descriptions.Item>
          {a.participatingTeams.length > 1 && (
            <Descriptions.Item label={t.participating}>
              <span className="rz-act-participants">
                {a.participatingTeams
                  .filter((x) => x.id !== a.teamId)
                  .map((x) => x.name)
                  .join('、')}
              </span>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t.time}>{formatRange(a.startsAt, a.endsAt)}</Descriptions.Item>
          <Descriptions.Item label={t.place}>{a.place}</Descriptions.Item>
          <Descriptions.Item label={t.capacity}>{a.capacity}</Descriptions.Item>
          <Descriptions.Item label={t.accepted}>
            <span className="rz-act-accepted">{a.accepted}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t.waitlisted}>
            <span className="rz-act-waitlisted">{a.waitlisted}</span>
          </Descriptions.Item>
          {a.serviceObject && (
            <Descriptions.Item label={t.serviceObject}>{a.serviceObject}</Descriptions.Item>
          )}
          {a.theme && <Descriptions.Item label={t.theme}>{a.theme}</Descriptions.Item>}
          {a.description && <Descriptions.Item label={t.description}>{a.description}</Descriptions.Item>}
          {a.cancelReason && <Descriptions.Item label={t.cancelReason}>{a.cancelReason}</Descriptions.Item>}
        </Descriptions>
      </Card>
      {a.canManage && open && <MembersCard activity={a} />}
      {a.canManage && a.status !== 'draft' && a.status !== 'cancelled' && <SignupsCard activity={a} />}
      {a.status !== 'draft' && a.status !== 'cancelled' && <AttendanceCard activity={a} />}
      {a.canManage && a.status === 'completed' && <RecordsCard activity={a} />}
      {a.canManage && a.status === 'completed' && <RequestsCard activity={a} />}
      {a.status !== 'draft' && a.status !== 'cancelled' && <OutputsCard activity={a} />}
    </div>
  );
}

function StatusActions({ activity: a }: { activity: Activity }) {
  const { message } = App.useApp();
  const step = useActivityStep(a.id);
  const [cancelling, setCancelling] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const run = (s: 'publish' | 'start' | 'complete', label: string) =>
    step.mutate(
      { step: s },
      {
        onSuccess: () => void message.success(t.done(label)),
        onError: (e) => void message.error(errorMessage(e)),
      },
    );
  const open = a.status === 'published' || a.status === 'ongoing';
  return (
    <div className="rz-act-actions rz-act-status-actions">
      {a.status === 'draft' && (
        <Button type="primary" loading={step.isPending} onClick={() => run('publish', t.publish)}>
          {t.publish}
        </Button>
      )}
      {a.status === 'published' && (
        <Button loading={step.isPending} onClick={() => run('start', t.start)}>
          {t.start}
        </Button>
      )}
      {open && (
        <Link
          to={`/activities/${a.id}/checkin-screen`}
          className="ant-btn ant-btn-default rz-act-link-button"
        >
          <QrcodeOutlined aria-hidden="true" /> {t.checkinScreen}
        </Link>
      )}
      {open && (
        <Button
          loading={step.isPending}
          onClick={() =>
            Modal.confirm({
              title: t.complete,
              content: `${t.complete}：${a.title}`,
              okText: t.complete,
              cancelText: at.common.cancel,
              onOk: () => run('complete', t.complete),
            })
          }
        >
          {t.complete}
        </Button>
      )}
      {a.status !== 'completed' && a.status !== 'cancelled' && (
        <Button danger onClick={() => setCancelling(true)}>
          {t.cancel}
        </Button>
      )}
      <Modal
        open={cancelling}
        title={t.cancelTitle}
        okText={t.confirmCancel}
        cancelText={at.common.back}
        confirmLoading={step.isPending}
        onCancel={() => setCancelling(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={({ reason }) =>
            step.mutate(
              { step: 'cancel', reason },
              {
                onSuccess: () => {
                  setCancelling(false);
                  void message.success(t.done(t.cancel));
                },
                onError: (e) => void message.error(errorMessage(e)),
              },
            )
          }
        >
          <Form.Item
            name="reason"
            label={t.reason}
            rules={[{ required: true, min: 2, message: t.reasonRequired }]}
          >
            <Input.TextArea rows={3} maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

/** Sign members up, and 代签到 / 代签退 for those without a smartphone. */
function MembersCard({ activity: a }: { activity: Activity }) {
  const { message } = App.useApp();
  const members = useTeamMembers(a.teamId);
  const signUp = useSignUp(a.id);
  const proxy = useProxyCheck(a.id);
  const [picked, setPicked] = useState<string[]>([]);
  const [signed, setSigned] = useState<Record<string, 'accepted' | 'waitlisted'>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  // Those signed up here come first; the rest can be found by name.
  const rows = (members.data ?? [])
    .filter((v) => !search.trim() || v.name.includes(search.trim()) || v.volunteerNo.includes(search.trim()))
    .sort((x, y) => Number(!!signed[y.id]) - Number(!!signed[x.id]));

  const submitSignUp = () =>
    signUp.mutate(picked, {
      onSuccess: (r) => {
        const next = { ...signed };
        for (const x of r.results) next[x.volunteerId] = x.status;
        setSigned(next);
        setPicked([]);
        const acc = r.results.filter((x) => x.status === 'accepted').length;
        void message.success(t.signupResult(acc, r.results.length - acc));
      },
      onError: (e) => void message.error(errorMessage(e)),
    });

  const check = (v: VolunteerSummary, direction: 'in' | 'out') => {
    setBusy(`${v.id}:${direction}`);
    proxy.mutate(
      { volunteerId: v.id, direction },
      {
        onSuccess: () =>
          void message.success(direction === 'in' ? t.proxyDoneIn(v.name) : t.proxyDoneOut(v.name)),
        onError: (e) => void message.error(errorMessage(e)),
        onSettled: () => setBusy(null),
      },
    );
  };

  const columns: TableColumnsType<VolunteerSummary> = [
    { title: t.colName, dataIndex: 'name' },
    { title: t.colNo, dataIndex: 'volunteerNo', responsive: ['md'] },
    {
      title: t.colSignup,
      key: 'signup',
      render: (_, v) =>
        signed[v.id] === 'accepted' ? (
          <Tag className="rz-act-tag rz-act-tag-green">{t.signedAccepted}</Tag>
        ) : signed[v.id] === 'waitlisted' ? (
          <Tag className="rz-act-tag rz-act-tag-orange">{t.signedWaitlisted}</Tag>
        ) : (
          at.common.none
        ),
    },
    {
      title: t.colActions,
      key: 'actions',
      render: (_, v) => (
        <Space wrap>
          <Button
            size="small"
            loading={busy === `${v.id}:in`}
            onClick={() => check(v, 'in')}
            aria-label={`${t.proxyIn}：${v.name}（${v.volunteerNo}）`}
          >
            {t.proxyIn}
          </Button>
          <Button
            size="small"
            loading={busy === `${v.id}:out`}
            onClick={() => check(v, 'out')}
            aria-label={`${t.proxyOut}：${v.name}（${v.volunteerNo}）`}
          >
            {t.proxyOut}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Card title={<h2 className="rz-card-heading">{t.signupTitle}</h2>}>
        <p className="rz-act-help">{t.signupHelp}</p>
        <div className="rz-act-signup">
          <label htmlFor="rz-act-members" className="rz-act-filter-label">
            {t.members}
          </label>
          <Select
            id="rz-act-members"
            mode="multiple"
            value={picked}
            onChange={setPicked}
            options={(members.data ?? []).map((v) => ({
              value: v.id,
              label: `${v.name}（${v.volunteerNo}）`,
            }))}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t.membersPlaceholder}
            loading={members.isLoading}
            className="rz-act-members-select"
          />
          <Button
            type="primary"
            disabled={picked.length === 0}
            loading={signUp.isPending}
            onClick={submitSignUp}
          >
            {t.signupSubmit}
          </Button>
        </div>
      </Card>
      <Card title={<h2 className="rz-card-heading">{t.proxyTitle}</h2>}>
        <p className="rz-act-help">{t.proxyHelp}</p>
        <div className="rz-act-filters">
          <label htmlFor="rz-act-proxy-search" className="rz-act-filter-label">
            {t.findMember}
          </label>
          <Input
            id="rz-act-proxy-search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            allowClear
            placeholder={t.findMemberPlaceholder}
            className="rz-act-filter-select"
          />
        </div>
        <Table<VolunteerSummary>
          rowKey="id"
          className="rz-act-proxy-table"
          columns={columns}
          dataSource={rows}
          loading={members.isLoading}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
        />
      </Card>
    </>
  );
}
