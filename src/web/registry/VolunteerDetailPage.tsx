import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Modal,
  Popconfirm,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { memberRoles, type MemberRole, type VolunteerDetail } from '../../shared/registry';
import { errorMessage } from '../api';
import { showFieldError } from '../forms';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { ActivationSlipModal } from './ActivationSlip';
import { genderLabel, rz } from './locale';
import { LoadFailed, TeamSelect } from './parts';
import {
  useAddMembership,
  useEndMembership,
  useIssueActivation,
  useReveal,
  useVolunteer,
  type Activation,
} from './queries';
import { HonoursHeldCard } from '../honours/HonoursHeldCard';

const t = rz.volunteers.detail;
type Membership = VolunteerDetail['memberships'][number];

/**
 * A masked ID number or phone with a small 查看 link: after a confirmation that says the view is
 * recorded, the server returns the full value (and writes the audit row).
 */
function RevealValue({
  volunteerId,
  field,
  masked,
}: {
  volunteerId: string;
  field: 'idCard' | 'phone';
  masked: string | null;
}) {
  const { modal, message } = App.useApp();
  const reveal = useReveal();
  const [value, setValue] = useState<string | null>(null);
  const what = rz.volunteers.reveal[field];
  if (!masked) return <span>{rz.common.none}</span>;
  if (value !== null)
    return (
      <span className="rz-mono rz-reg-revealed" data-field={field}>
        {value}
      </span>
    );
  return (
    <span className="rz-reg-masked">
      <span className="rz-mono" data-field={field}>
        {masked}
      </span>
      <Button
        type="link"
        className="rz-reg-reveal-link"
        aria-label={rz.volunteers.reveal.label(what)}
        loading={reveal.isPending}
        onClick={() =>
          modal.confirm({
            title: rz.volunteers.reveal.title(what),
            content: rz.volunteers.reveal.content,
            okText: rz.volunteers.reveal.ok,
            cancelText: rz.common.cancel,
            onOk: async () => {
              try {
                const result = await reveal.mutateAsync({ id: volunteerId, field });
                setValue(result.value ?? rz.common.none);
              } catch (error) {
                void message.error(errorMessage(error));
              }
            },
          })
        }
      >
        {rz.volunteers.reveal.link}
      </Button>
    </span>
  );
}

function AddMembershipModal({
  volunteer,
  open,
  initialTeam,
  onClose,
}: {
  volunteer: VolunteerDetail;
  open: boolean;
  initialTeam?: string;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ teamId?: string; role: MemberRole }>();
  const add = useAddMembership();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open={open}
      title={`${t.addTitle}：${volunteer.name}`}
      okText={t.addMembership}
      cancelText={rz.common.cancel}
      okButtonProps={{ loading: add.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} className="rz-form-alert" />}
      <Form
        form={form}
        name="add-membership"
        layout="vertical"
        initialValues={{ teamId: initialTeam, role: 'member' }}
        onFinish={({ teamId, role }) => {
          if (!teamId) return;
          setError(null);
          add.mutate(
            { id: volunteer.id, teamId, role },
            {
              onSuccess: () => {
                void message.success(t.added);
                onClose();
              },
              onError: (e) => {
                if (!showFieldError(form, e, ['teamId', 'role'])) setError(errorMessage(e));
              },
            },
          );
        }}
      >
        <Form.Item name="teamId" label={t.addTeam} rules={[{ required: true, message: t.addTeamRequired }]}>
          <TeamSelect id="add-membership_teamId" />
        </Form.Item>
        <Form.Item name="role" label={t.addRole}>
          <Select options={memberRoles.map((r) => ({ value: r, label: rz.labels.role[r] }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Memberships({ volunteer, onAdd }: { volunteer: VolunteerDetail; onAdd: () => void }) {
  const end = useEndMembership();
  const { message } = App.useApp();
  const c = t.membershipColumns;
  const rows = [...volunteer.memberships].sort(
    (a, b) => Number(a.leftOn !== null) - Number(b.leftOn !== null) || b.joinedOn.localeCompare(a.joinedOn),
  );
  const columns: TableColumnsType<Membership> = [
    {
      key: 'team',
      title: c.team,
      render: (_: unknown, m) => <Link to={`/teams/${m.teamId}`}>{m.teamName}</Link>,
    },
    { key: 'role', title: c.role, render: (_: unknown, m) => rz.labels.role[m.role] },
    { key: 'joined', title: c.joined, render: (_: unknown, m) => m.joinedOn },
    { key: 'left', title: c.left, render: (_: unknown, m) => m.leftOn ?? rz.common.none },
    {
      key: 'state',
      title: c.state,
      render: (_: unknown, m) =>
        m.leftOn ? (
          <Tag className="rz-reg-status rz-reg-status-dissolved">{t.ended}</Tag>
        ) : (
          <Tag className="rz-reg-status rz-reg-status-approved">{t.active}</Tag>
        ),
    },
    {
      key: 'actions',
      title: c.actions,
      render: (_: unknown, m) =>
        m.leftOn ? (
          rz.common.none
        ) : (
          <Popconfirm
            title={t.endMembership}
            description={t.endConfirm(m.teamName)}
            okText={t.endMembership}
            cancelText={rz.common.cancel}
            okButtonProps={{ danger: true }}
            onConfirm={() =>
              end.mutateAsync({ id: volunteer.id, teamId: m.teamId }).then(
                () => void message.success(t.ended_done),
                (e: unknown) => void message.error(errorMessage(e)),
              )
            }
          >
            <Button type="link" danger className="rz-row-action" aria-label={t.endLabel(m.teamName)}>
              {t.endMembership}
            </Button>
          </Popconfirm>
        ),
    },
  ];
  return (
    <Card
      title={<h2 className="rz-card-heading">{t.membershipsTitle}</h2>}
      extra={
        <Button icon={<PlusOutlined aria-hidden="true" />} onClick={onAdd}>
          {t.addMembership}
        </Button>
      }
      styles={{ body: { padding: 0 } }}
    >
      <Table<Membership>
        className="rz-data-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t.membershipsEmpty }}
        scroll={{ x: 'max-content' }}
        caption={<span className="rz-visually-hidden">{t.membershipsTitle}</span>}
      />
    </Card>
  );
}

function Profile({ v }: { v: VolunteerDetail }) {
  const none = rz.common.none;
  const yesNo = (b: boolean) => (b ? rz.common.yes : rz.common.no);
  const items = [
    { key: 'no', label: t.no, children: <span className="rz-mono">{v.volunteerNo}</span> },
    { key: 'gender', label: t.gender, children: genderLabel(v.gender) },
    { key: 'birth', label: t.birthDate, children: v.birthDate },
    { key: 'age', label: t.age, children: rz.common.age(v.age) },
    {
      key: 'idCard',
      label: t.idCard,
      children: <RevealValue volunteerId={v.id} field="idCard" masked={v.idCard} />,
    },
    {
      key: 'phone',
      label: t.phone,
      children: <RevealValue volunteerId={v.id} field="phone" masked={v.phone} />,
    },
    { key: 'residence', label: t.residence, children: v.residencePath },
    { key: 'isVeteran', label: t.isVeteran, children: yesNo(v.isVeteran) },
    ...(v.isVeteran
      ? [
          {
            key: 'kind',
            label: t.veteranKind,
            children: v.veteranKind ? rz.labels.veteranKind[v.veteranKind] : none,
          },
          { key: 'branch', label: t.branch, children: v.branch ?? none },
          {
            key: 'years',
            label: t.serviceYears,
            children: v.serviceYears === null ? none : t.years(v.serviceYears),
          },
        ]
      : []),
    { key: 'party', label: t.partyMember, children: yesNo(v.partyMember) },
    { key: 'secretary', label: t.veteranSecretary, children: yesNo(v.veteranSecretary) },
    { key: 'skills', label: t.skills, children: v.skills || none },
    { key: 'consent', label: t.publicityConsent, children: yesNo(v.publicityConsent) },
    { key: 'account', label: t.account, children: v.hasAccount ? t.accountOpen : t.accountNone },
  ];
  return (
    <Card title={<h2 className="rz-card-heading">{t.profile}</h2>}>
      <Descriptions column={{ xs: 1, md: 2, xl: 3 }} items={items} className="rz-reg-facts" />
    </Card>
  );
}

/** 志愿者详情: profile with reveal links, teams with join and leave, and 开通登录 with its printable slip. */
export function VolunteerDetailPage() {
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const volunteer = useVolunteer(id);
  const issue = useIssueActivation();
  const { message } = App.useApp();
  const [activation, setActivation] = useState<Activation | null>(null);
  const adding = params.get('addTeam') === '1';
  const setAdding = (on: boolean) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (on) next.set('addTeam', '1');
        else {
          next.delete('addTeam');
          next.delete('teamId');
        }
        return next;
      },
      { replace: true },
    );
  useDocumentTitle(volunteer.data?.name ?? rz.volunteers.listTitle);

  if (volunteer.isError)
    return (
      <LoadFailed
        error={volunteer.error}
        notFound={t.notFound}
        onRetry={() => void volunteer.refetch()}
        backTo="/volunteers"
        backLabel={rz.volunteers.listTitle}
      />
    );
  if (!volunteer.data)
    return (
      <div className="rz-page rz-reg-page">
        <Card>
          <Skeleton active />
        </Card>
      </div>
    );
  const v = volunteer.data;

  return (
    <div className="rz-page rz-reg-page">
      <Card className="rz-region-header">
        <div className="rz-region-header-row">
          <div className="rz-region-heading">
            <PageTitle
              extra={
                <span className="rz-reg-tags">
                  {v.isVeteran && (
                    <Tag className="rz-reg-flag">
                      {v.veteranKind ? rz.labels.veteranKind[v.veteranKind] : t.tagVeteran}
                    </Tag>
                  )}
                  {v.partyMember && <Tag className="rz-reg-flag">{t.tagParty}</Tag>}
                  {v.veteranSecretary && <Tag className="rz-reg-flag rz-reg-flag-red">{t.tagSecretary}</Tag>}
                </span>
              }
            >
              {v.name}
            </PageTitle>
            <span className="rz-reg-path">
              <span className="rz-mono">{v.volunteerNo}</span> · {v.residencePath}
            </span>
          </div>
          <Space wrap className="rz-reg-actions">
            {v.phone ? (
              <Button
                type="primary"
                icon={<KeyOutlined aria-hidden="true" />}
                loading={issue.isPending}
                onClick={() =>
                  issue.mutate(v.id, {
                    onSuccess: (a) => {
                      setActivation(a);
                      void message.success(rz.slip.issued);
                    },
                    onError: (e) => void message.error(errorMessage(e)),
                  })
                }
              >
                {v.hasAccount ? t.reactivate : t.activate}
              </Button>
            ) : (
              <Typography.Text type="secondary">{t.activateNeedsPhone}</Typography.Text>
            )}
          </Space>
        </div>
      </Card>
      <Profile v={v} />
      <Memberships volunteer={v} onAdd={() => setAdding(true)} />
      <HonoursHeldCard kind="volunteer" id={v.id} />
      <AddMembershipModal
        volunteer={v}
        open={adding}
        initialTeam={params.get('teamId') ?? undefined}
        onClose={() => setAdding(false)}
      />
      <ActivationSlipModal name={v.name} activation={activation} onClose={() => setActivation(null)} />
    </div>
  );
}
