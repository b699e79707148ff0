import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Select, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiError, errorMessage } from '../api';
import { useMe } from '../auth/session';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { lt } from './locale';
import { Failed, formatTime, mayKeepGroups } from './parts';
import { useChildRegions, useGroups, useLeadershipMutation, type GroupSummary } from './queries';

const t = lt.groups;

interface Values {
  regionCode: string;
  name: string;
  duties: string;
}

function CreateGroupModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const own = me.account.region;
  const isCity = me.account.role === 'city_admin';
  const children = useChildRegions(isCity ? own?.code : undefined);
  const options = [
    ...(own ? [{ value: own.code, label: own.name }] : []),
    ...(isCity ? (children.data ?? []).map((c) => ({ value: c.code, label: c.name })) : []),
  ];
  const create = useLeadershipMutation((v: Values) => api.post<{ id: string }>('/api/leadership/groups', v));
  const submit = async () => {
    const values = await form.validateFields();
    try {
      const { id } = await create.mutateAsync(values);
      void message.success(t.created);
      onClose();
      navigate(`/leadership/groups/${id}`);
    } catch (error) {
      if (error instanceof ApiError && error.field)
        form.setFields([{ name: error.field as keyof Values, errors: [error.message] }]);
      else void message.error(errorMessage(error));
    }
  };
  return (
    <Modal
      open={open}
      title={t.create}
      okText={lt.common.save}
      cancelText={lt.common.cancel}
      onOk={() => void submit()}
      confirmLoading={create.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ regionCode: own?.code, duties: '' }}>
        <Form.Item
          name="regionCode"
          label={t.region}
          rules={[{ required: true, message: lt.common.required(t.region) }]}
        >
          <Select options={options} showSearch optionFilterProp="label" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t.name}
          rules={[{ required: true, min: 2, message: lt.common.required(t.name) }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="duties" label={t.duties}>
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 领导小组: the city's and counties' groups one may see (a county: its own). */
export function GroupsPage() {
  useDocumentTitle(t.title);
  const me = useMe();
  const list = useGroups();
  const [creating, setCreating] = useState(false);
  const columns: TableColumnsType<GroupSummary> = [
    { title: t.colRegion, dataIndex: 'regionName', width: 120 },
    {
      title: t.colName,
      dataIndex: 'name',
      render: (name: string, g) => <Link to={`/leadership/groups/${g.id}`}>{name}</Link>,
    },
    { title: t.colLeader, dataIndex: 'leaderName', render: (v: string | null) => v ?? lt.common.none },
    { title: t.colMembers, dataIndex: 'currentMembers', align: 'right' },
    { title: t.colUpdated, dataIndex: 'updatedAt', responsive: ['md'], render: (v: string) => formatTime(v) },
  ];
  return (
    <div className="rz-page rz-lead-page">
      <PageTitle
        extra={
          mayKeepGroups(me) ? (
            <Button
              type="primary"
              icon={<PlusOutlined aria-hidden="true" />}
              onClick={() => setCreating(true)}
            >
              {t.create}
            </Button>
          ) : undefined
        }
      >
        {t.title}
      </PageTitle>
      <Card>
        {list.isError ? (
          <Failed error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<GroupSummary>
            rowKey="id"
            columns={columns}
            dataSource={list.data ?? []}
            loading={list.isLoading}
            locale={{ emptyText: t.empty }}
            pagination={false}
            scroll={{ x: 'max-content' }}
          />
        )}
      </Card>
      <CreateGroupModal open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
