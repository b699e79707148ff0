import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Drawer,
  Form,
  Input,
  Popconfirm,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { CallOutDetail, CallOutSummary } from '../../shared/requests';
import { api, ApiError, errorMessage } from '../api';
import { useMe } from '../auth/session';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { rt } from './locale';
import { Failed, formatDateTime, isoToLocal, Loading, localToIso } from './parts';
import { useCallOut, useCallOuts, useRegionChildren, useServiceFields } from './queries';

const t = rt.callOut;

function CreateDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const me = useMe();
  const [form] = Form.useForm();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const fields = useServiceFields();
  const own = me.account.region?.code ?? null;
  const ownIsCounty = me.account.region?.level === 'county';
  const counties = useRegionChildren(ownIsCounty ? null : own);
  const countyOptions = ownIsCounty
    ? [{ value: own!, label: me.account.region?.name ?? own! }]
    : (counties.data?.items ?? []).map((c) => ({ value: c.code, label: c.name }));
  const [initialTimes] = useState(() => ({
    startsAt: isoToLocal(Date.now() + 3600_000),
    endsAt: isoToLocal(Date.now() + 5 * 3600_000),
  }));
  const create = useMutation({
    mutationFn: (body: object) => api.post<CallOutDetail>('/api/callouts', body),
    onSuccess: (c) => {
      void client.invalidateQueries({ queryKey: ['callouts'] });
      void message.success(t.created);
      onClose();
      navigate(`/callouts/${c.id}`);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.field) form.setFields([{ name: e.field, errors: [e.message] }]);
      void message.error(errorMessage(e));
    },
  });
  return (
    <Drawer title={t.createTitle} open={open} onClose={onClose} width={520} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          countyCode: ownIsCounty ? own : undefined,
          includeNeighbours: false,
          ...initialTimes,
        }}
        onFinish={(v) =>
          create.mutate({
            title: v.title,
            fieldId: v.fieldId,
            countyCode: v.countyCode,
            includeNeighbours: !!v.includeNeighbours,
            place: v.place,
            startsAt: localToIso(v.startsAt),
            endsAt: localToIso(v.endsAt),
            description: v.description ?? '',
          })
        }
      >
        <Form.Item name="title" label={t.name} rules={[{ required: true, whitespace: true, min: 2 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="fieldId" label={t.field} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={(fields.data?.fields ?? []).map((f) => ({ value: f.id, label: f.name }))}
          />
        </Form.Item>
        <Form.Item name="countyCode" label={t.county} rules={[{ required: true }]}>
          <Select options={countyOptions} />
        </Form.Item>
        <Form.Item name="includeNeighbours" valuePropName="checked" extra={t.neighboursHelp}>
          <Checkbox>{t.neighbours}</Checkbox>
        </Form.Item>
        <Form.Item name="place" label={t.place} rules={[{ required: true, whitespace: true, min: 2 }]}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="startsAt" label={t.startsAt} rules={[{ required: true }]}>
          <Input type="datetime-local" />
        </Form.Item>
        <Form.Item name="endsAt" label={t.endsAt} rules={[{ required: true }]}>
          <Input type="datetime-local" />
        </Form.Item>
        <Form.Item name="description" label={t.description}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t.create}
        </Button>
      </Form>
    </Drawer>
  );
}

/** 紧急召集: the call-outs of one's area, and a new one. */
export function CallOutsPage() {
  useDocumentTitle(t.title);
  const list = useCallOuts();
  const [creating, setCreating] = useState(false);
  const columns: TableColumnsType<CallOutSummary> = [
    {
      title: t.colTitle,
      dataIndex: 'title',
      render: (v: string, c) => <Link to={`/callouts/${c.id}`}>{v}</Link>,
    },
    {
      title: t.colArea,
      key: 'area',
      render: (_, c) => `${c.fieldName} · ${c.regionName}${c.includeNeighbours ? t.withNeighbours : ''}`,
    },
    { title: t.colTime, dataIndex: 'startsAt', render: (v: string) => formatDateTime(v), responsive: ['md'] },
    { title: t.colReached, dataIndex: 'reached' },
    { title: t.colAvailable, dataIndex: 'available' },
    {
      title: t.colStatus,
      dataIndex: 'status',
      render: (s: 'open' | 'closed') => <Tag color={s === 'open' ? 'red' : 'default'}>{t[s]}</Tag>,
    },
  ];
  return (
    <div className="rz-page">
      <PageTitle
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden="true" />} onClick={() => setCreating(true)}>
            {t.create}
          </Button>
        }
      >
        {t.title}
      </PageTitle>
      <Card>
        {list.isError ? (
          <Failed error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table rowKey="id" loading={list.isLoading} columns={columns} dataSource={list.data?.items ?? []} />
        )}
      </Card>
      <CreateDrawer open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}

/** One call-out: who was reached, who is coming (refreshed every 10 seconds). */
export function CallOutDetailPage() {
  const { id = '' } = useParams();
  const callOut = useCallOut(id);
  const client = useQueryClient();
  const { message } = App.useApp();
  useDocumentTitle(callOut.data?.title ?? t.title);
  const act = useMutation({
    mutationFn: (step: 'activity' | 'close') => api.post<CallOutDetail>(`/api/callouts/${id}/${step}`, {}),
    onSuccess: (c) => {
      client.setQueryData(['callouts', id], c);
      void client.invalidateQueries({ queryKey: ['callouts'] });
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  if (callOut.isLoading) return <Loading />;
  if (callOut.isError || !callOut.data)
    return <Failed error={callOut.error} onRetry={() => void callOut.refetch()} />;
  const c = callOut.data;
  const answerTag = (a: string | null) =>
    a === 'available' ? (
      <Tag color="green">{t.available}</Tag>
    ) : a === 'unavailable' ? (
      <Tag>{t.unavailable}</Tag>
    ) : (
      <Tag color="orange">{t.noAnswer}</Tag>
    );
  return (
    <div className="rz-page">
      <PageTitle
        extra={
          <Space>
            {c.activityId ? (
              <Link to={`/activities/${c.activityId}`}>
                <Button>{t.activity}</Button>
              </Link>
            ) : (
              <Popconfirm title={t.toActivityConfirm} onConfirm={() => act.mutate('activity')}>
                <Button type="primary" loading={act.isPending} disabled={c.available === 0}>
                  {t.toActivity}
                </Button>
              </Popconfirm>
            )}
            {c.status === 'open' && (
              <Button onClick={() => act.mutate('close')} loading={act.isPending}>
                {t.close}
              </Button>
            )}
          </Space>
        }
      >
        {c.title}
      </PageTitle>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Card>
          <p>
            {c.fieldName} · {c.regionName}
            {c.includeNeighbours ? t.withNeighbours : ''} · {c.place} · {formatDateTime(c.startsAt)}
          </p>
          {c.description && <p>{c.description}</p>}
          <Row gutter={16} aria-live="polite">
            <Col span={6}>
              <Statistic title={t.colReached} value={c.reached} />
            </Col>
            <Col span={6}>
              <Statistic title={t.available} value={c.available} valueStyle={{ color: '#389e0d' }} />
            </Col>
            <Col span={6}>
              <Statistic title={t.unavailable} value={c.unavailable} />
            </Col>
            <Col span={6}>
              <Statistic title={t.noAnswer} value={c.reached - c.available - c.unavailable} />
            </Col>
          </Row>
          <p className="rz-req-muted">{t.live}</p>
        </Card>
        <Card title={t.byTeam}>
          <Table
            rowKey="teamId"
            size="small"
            pagination={false}
            dataSource={c.teams}
            columns={[
              { title: '队伍', dataIndex: 'teamName' },
              { title: '所在地', dataIndex: 'regionName' },
              { title: t.colReached, dataIndex: 'reached' },
              { title: t.available, dataIndex: 'available' },
              { title: t.unavailable, dataIndex: 'unavailable' },
            ]}
          />
        </Card>
        <Card title={t.members}>
          <Table
            rowKey="volunteerId"
            size="small"
            dataSource={c.members}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            columns={[
              { title: '姓名', dataIndex: 'name' },
              { title: '队伍', dataIndex: 'teamName' },
              { title: '答复', dataIndex: 'answer', render: answerTag },
              {
                title: '时间',
                dataIndex: 'answeredAt',
                render: (v: string | null) => (v ? formatDateTime(v) : '—'),
              },
            ]}
          />
        </Card>
      </Space>
    </div>
  );
}
