import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, ApiError, errorMessage } from '../api';
import { useMe } from '../auth/session';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { lt } from './locale';
import { Failed, formatDay, Loading, mayKeepGroups, today } from './parts';
import {
  useGroup,
  useLeadershipMutation,
  type GroupDetail,
  type LeadershipRole,
  type Member,
} from './queries';

const g = lt.group;

interface MemberValues {
  name: string;
  post: string;
  role: LeadershipRole;
  fromDate: string;
}

function AddMemberModal({ groupId, open, onClose }: { groupId: string; open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<MemberValues>();
  const add = useLeadershipMutation((v: MemberValues) =>
    api.post(`/api/leadership/groups/${groupId}/members`, v),
  );
  const submit = async () => {
    const values = await form.validateFields();
    try {
      await add.mutateAsync(values);
      void message.success(g.added);
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.field)
        form.setFields([{ name: error.field as keyof MemberValues, errors: [error.message] }]);
      else void message.error(errorMessage(error));
    }
  };
  return (
    <Modal
      open={open}
      title={g.addMember}
      okText={lt.common.save}
      cancelText={lt.common.cancel}
      onOk={() => void submit()}
      confirmLoading={add.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ role: 'member', fromDate: today() }}>
        <Form.Item
          name="name"
          label={g.name}
          rules={[{ required: true, min: 2, message: lt.common.required(g.name) }]}
        >
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item
          name="post"
          label={g.post}
          rules={[{ required: true, min: 2, message: lt.common.required(g.post) }]}
        >
          <Input maxLength={60} placeholder="如：县退役军人事务局副局长" />
        </Form.Item>
        <Form.Item name="role" label={g.role} rules={[{ required: true }]}>
          <Select
            options={(['leader', 'deputy', 'member'] as const).map((r) => ({ value: r, label: lt.role[r] }))}
          />
        </Form.Item>
        <Form.Item
          name="fromDate"
          label={g.fromDate}
          rules={[{ required: true, message: lt.common.required(g.fromDate) }]}
        >
          <Input type="date" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EndMemberModal({ member, onClose }: { member: Member | null; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ toDate: string }>();
  const end = useLeadershipMutation((v: { id: string; toDate: string }) =>
    api.post(`/api/leadership/members/${v.id}/end`, { toDate: v.toDate }),
  );
  useEffect(() => {
    if (member) form.setFieldsValue({ toDate: today() });
  }, [member, form]);
  const submit = async () => {
    if (!member) return;
    const values = await form.validateFields();
    try {
      await end.mutateAsync({ id: member.id, toDate: values.toDate });
      void message.success(g.ended);
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.field === 'toDate')
        form.setFields([{ name: 'toDate', errors: [error.message] }]);
      else void message.error(errorMessage(error));
    }
  };
  return (
    <Modal
      open={member !== null}
      title={member ? g.endTitle(member.name) : ''}
      okText={g.end}
      cancelText={lt.common.cancel}
      onOk={() => void submit()}
      confirmLoading={end.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <p className="rz-lead-muted">{g.endHelp}</p>
      <Form form={form} layout="vertical">
        <Form.Item
          name="toDate"
          label={g.toDate}
          rules={[{ required: true, message: lt.common.required(g.toDate) }]}
        >
          <Input type="date" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EditGroupModal({
  group,
  open,
  onClose,
}: {
  group: GroupDetail;
  open: boolean;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; duties: string }>();
  const save = useLeadershipMutation((v: { name: string; duties: string }) =>
    api.put(`/api/leadership/groups/${group.id}`, v),
  );
  useEffect(() => {
    if (open) form.setFieldsValue({ name: group.name, duties: group.duties });
  }, [open, group, form]);
  const submit = async () => {
    const values = await form.validateFields();
    try {
      await save.mutateAsync(values);
      void message.success(lt.common.saved);
      onClose();
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };
  return (
    <Modal
      open={open}
      title={g.editTitle}
      okText={lt.common.save}
      cancelText={lt.common.cancel}
      onOk={() => void submit()}
      confirmLoading={save.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="name"
          label={lt.groups.name}
          rules={[{ required: true, min: 2, message: lt.common.required(lt.groups.name) }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="duties" label={lt.groups.duties}>
          <Input.TextArea rows={5} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 领导小组: duties, current members, and every former member with their dates. */
export function GroupDetailPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const navigate = useNavigate();
  const group = useGroup(id);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState(false);
  const [ending, setEnding] = useState<Member | null>(null);
  useDocumentTitle(group.data?.name ?? lt.groups.title);
  if (group.isError) return <Failed error={group.error} onRetry={() => void group.refetch()} />;
  if (!group.data) return <Loading />;
  const d = group.data;
  const keeper = mayKeepGroups(me);
  const current = d.members.filter((m) => m.current);
  const former = d.members.filter((m) => !m.current);
  const columns = (withEnd: boolean): TableColumnsType<Member> => [
    { title: g.name, dataIndex: 'name' },
    { title: g.role, dataIndex: 'role', render: (r: string) => lt.role[r] },
    { title: g.post, dataIndex: 'post' },
    { title: g.fromDate, dataIndex: 'fromDate', render: (v: string) => formatDay(v) },
    ...(withEnd
      ? keeper
        ? [
            {
              title: '',
              key: 'actions',
              render: (_: unknown, m: Member) => (
                <Button size="small" onClick={() => setEnding(m)} aria-label={g.endTitle(m.name)}>
                  {g.end}
                </Button>
              ),
            },
          ]
        : []
      : [{ title: g.toDate, dataIndex: 'toDate', render: (v: string | null) => formatDay(v) }]),
  ];
  return (
    <div className="rz-page rz-lead-page">
      <PageTitle
        extra={
          <Space wrap>
            <Button onClick={() => navigate('/leadership/groups')}>{lt.common.back}</Button>
            {keeper ? (
              <Button icon={<EditOutlined aria-hidden="true" />} onClick={() => setEditing(true)}>
                {lt.common.edit}
              </Button>
            ) : null}
          </Space>
        }
      >
        {d.name}
      </PageTitle>
      <div className="rz-lead-stack">
        <Card title={<h2 className="rz-lead-card-h2">{g.duties}</h2>}>
          <p className="rz-lead-pre">{d.duties || lt.common.none}</p>
        </Card>
        <Card
          title={<h2 className="rz-lead-card-h2">{g.current}</h2>}
          extra={
            keeper ? (
              <Button size="small" icon={<PlusOutlined aria-hidden="true" />} onClick={() => setAdding(true)}>
                {g.addMember}
              </Button>
            ) : undefined
          }
        >
          <Table<Member>
            rowKey="id"
            columns={columns(true)}
            dataSource={current}
            pagination={false}
            className="rz-lead-current"
            scroll={{ x: 'max-content' }}
          />
        </Card>
        <Card title={<h2 className="rz-lead-card-h2">{g.history}</h2>}>
          <Table<Member>
            rowKey="id"
            columns={columns(false)}
            dataSource={former}
            pagination={false}
            locale={{ emptyText: g.noHistory }}
            className="rz-lead-former"
            scroll={{ x: 'max-content' }}
          />
        </Card>
      </div>
      <AddMemberModal groupId={d.id} open={adding} onClose={() => setAdding(false)} />
      <EndMemberModal member={ending} onClose={() => setEnding(null)} />
      <EditGroupModal group={d} open={editing} onClose={() => setEditing(false)} />
    </div>
  );
}
