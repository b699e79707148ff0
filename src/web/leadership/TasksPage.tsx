import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, ApiError, errorMessage } from '../api';
import { useMe } from '../auth/session';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { lt } from './locale';
import { Failed, formatDay, formatTime, mayAssign, StatusTag, today } from './parts';
import {
  useChildRegions,
  useLeadershipMutation,
  useMeetings,
  useTasks,
  type Assignment,
  type Meeting,
  type TaskStatus,
} from './queries';

const t = lt.tasks;

interface MeetingValues {
  year: number;
  heldOn: string;
  title: string;
}

function MeetingModal({ open, onClose }: { open: boolean; onClose: (id?: string) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<MeetingValues>();
  const create = useLeadershipMutation((v: MeetingValues) =>
    api.post<{ id: string }>('/api/work-meetings', v),
  );
  const year = Number(today().slice(0, 4));
  const submit = async () => {
    const values = await form.validateFields();
    try {
      const { id } = await create.mutateAsync(values);
      void message.success(t.meetingCreated);
      onClose(id);
    } catch (error) {
      if (error instanceof ApiError && error.field)
        form.setFields([{ name: error.field as keyof MeetingValues, errors: [error.message] }]);
      else void message.error(errorMessage(error));
    }
  };
  return (
    <Modal
      open={open}
      title={t.newMeeting}
      okText={lt.common.save}
      cancelText={lt.common.cancel}
      onOk={() => void submit()}
      confirmLoading={create.isPending}
      onCancel={() => onClose()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ year, heldOn: today(), title: `${year}年全市退役军人志愿服务工作会议` }}
      >
        <Form.Item name="year" label={t.year} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        <Form.Item
          name="heldOn"
          label={t.heldOn}
          rules={[{ required: true, message: lt.common.required(t.heldOn) }]}
        >
          <Input type="date" />
        </Form.Item>
        <Form.Item
          name="title"
          label={t.meetingTitle}
          rules={[{ required: true, min: 2, message: lt.common.required(t.meetingTitle) }]}
        >
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface TaskValues {
  meetingId: string;
  title: string;
  content: string;
  measure: string;
  dueDate: string;
  countyCodes: string[];
}

function TaskModal({
  open,
  meetings,
  meetingId,
  onClose,
}: {
  open: boolean;
  meetings: Meeting[];
  meetingId?: string;
  onClose: () => void;
}) {
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<TaskValues>();
  const counties = useChildRegions(me.account.region?.code);
  const countyOptions = (counties.data ?? []).map((c) => ({ value: c.code, label: c.name }));
  const assign = useLeadershipMutation(({ meetingId: mid, ...body }: TaskValues) =>
    api.post<{ id: string }>(`/api/work-meetings/${mid}/tasks`, body),
  );
  const submit = async () => {
    const values = await form.validateFields();
    try {
      await assign.mutateAsync(values);
      void message.success(t.taskCreated);
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.field)
        form.setFields([{ name: error.field as keyof TaskValues, errors: [error.message] }]);
      else void message.error(errorMessage(error));
    }
  };
  return (
    <Modal
      open={open}
      title={t.newTask}
      okText={lt.common.save}
      cancelText={lt.common.cancel}
      onOk={() => void submit()}
      confirmLoading={assign.isPending}
      onCancel={onClose}
      destroyOnHidden
      width={720}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ meetingId: meetingId ?? meetings[0]?.id, countyCodes: [], content: '', measure: '' }}
      >
        <Form.Item
          name="meetingId"
          label={t.meeting}
          rules={[{ required: true, message: lt.common.required(t.meeting) }]}
        >
          <Select
            options={meetings.map((m) => ({ value: m.id, label: `${m.title}（${formatDay(m.heldOn)}）` }))}
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t.taskTitle}
          rules={[{ required: true, min: 2, message: lt.common.required(t.taskTitle) }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="content" label={t.content}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item name="measure" label={t.measure}>
          <Input maxLength={100} placeholder="如：抓好特色品牌创建" />
        </Form.Item>
        <Form.Item
          name="dueDate"
          label={t.dueDate}
          rules={[{ required: true, message: lt.common.required(t.dueDate) }]}
        >
          <Input type="date" />
        </Form.Item>
        <Form.Item
          name="countyCodes"
          label={t.counties}
          extra={t.countiesHelp}
          rules={[{ required: true, type: 'array', min: 1, message: lt.common.required(t.counties) }]}
        >
          <Select
            mode="multiple"
            options={countyOptions}
            loading={counties.isLoading}
            optionFilterProp="label"
          />
        </Form.Item>
        <Button
          size="small"
          onClick={() =>
            form.setFieldValue(
              'countyCodes',
              countyOptions.map((o) => o.value),
            )
          }
        >
          {t.allCountiesPick}
        </Button>
      </Form>
    </Modal>
  );
}

/**
 * 工作任务: for the city, every county's share of every task with what is overdue; for a county, its own
 * share. The filters stay in the URL.
 */
export function TasksPage() {
  const me = useMe();
  const city = mayAssign(me);
  useDocumentTitle(city ? t.cityTitle : t.title);
  const [params, setParams] = useSearchParams();
  const meetingId = params.get('meetingId') ?? undefined;
  const status = params.get('status') ?? undefined;
  const countyCode = params.get('countyCode') ?? undefined;
  const overdue = params.get('overdue') === '1' ? '1' : undefined;
  const meetings = useMeetings();
  const counties = useChildRegions(city ? me.account.region?.code : undefined);
  const list = useTasks({ meetingId, status, countyCode, overdue });
  const [meetingOpen, setMeetingOpen] = useState(false);
  const [taskOpen, setTaskOpen] = useState(false);

  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  const columns: TableColumnsType<Assignment> = [
    {
      title: t.colTask,
      dataIndex: 'title',
      render: (title: string, a) => <Link to={`/leadership/tasks/${a.id}`}>{title}</Link>,
    },
    { title: t.colCounty, dataIndex: 'countyName' },
    {
      title: t.colMeasure,
      dataIndex: 'measure',
      responsive: ['lg'],
      render: (v: string) => v || lt.common.none,
    },
    { title: t.colDue, dataIndex: 'dueDate', render: (v: string) => formatDay(v) },
    {
      title: t.colStatus,
      dataIndex: 'status',
      render: (s: TaskStatus, a) => <StatusTag status={s} overdue={a.overdue} />,
    },
    {
      title: t.colLatest,
      key: 'latest',
      responsive: ['md'],
      render: (_, a) => (a.latestReport ? formatTime(a.latestReport.createdAt) : lt.common.none),
    },
  ];

  return (
    <div className="rz-page rz-lead-page">
      <PageTitle
        extra={
          city ? (
            <Space wrap>
              <Button onClick={() => setMeetingOpen(true)}>{t.newMeeting}</Button>
              <Button
                type="primary"
                icon={<PlusOutlined aria-hidden="true" />}
                disabled={!meetings.data?.length}
                onClick={() => setTaskOpen(true)}
              >
                {t.newTask}
              </Button>
            </Space>
          ) : undefined
        }
      >
        {city ? t.cityTitle : t.title}
      </PageTitle>
      <div className="rz-lead-stack">
        {list.data ? (
          <Card>
            <div className="rz-lead-stats">
              <Statistic title={t.total} value={list.data.total} />
              <Statistic title={t.done} value={list.data.done} />
              <Statistic title={t.overdue} value={list.data.overdue} className="rz-lead-stat-overdue" />
            </div>
          </Card>
        ) : null}
        <Card>
          <div className="rz-lead-filters">
            <Select
              aria-label={t.meeting}
              className="rz-lead-filter-select"
              value={meetingId ?? ''}
              onChange={(v: string) => set('meetingId', v || undefined)}
              options={[
                { value: '', label: t.allMeetings },
                ...(meetings.data ?? []).map((m) => ({ value: m.id, label: m.title })),
              ]}
            />
            {city ? (
              <Select
                aria-label={t.county}
                className="rz-lead-filter-select"
                value={countyCode ?? ''}
                onChange={(v: string) => set('countyCode', v || undefined)}
                options={[
                  { value: '', label: t.allCounties },
                  ...(counties.data ?? []).map((c) => ({ value: c.code, label: c.name })),
                ]}
                showSearch
                optionFilterProp="label"
              />
            ) : null}
            <Select
              aria-label={t.status}
              className="rz-lead-filter-select"
              value={status ?? ''}
              onChange={(v: string) => set('status', v || undefined)}
              options={[
                { value: '', label: t.allStatuses },
                ...(['not_started', 'in_progress', 'done'] as const).map((s) => ({
                  value: s,
                  label: lt.status[s],
                })),
              ]}
            />
            <Checkbox
              checked={overdue === '1'}
              onChange={(e) => set('overdue', e.target.checked ? '1' : undefined)}
            >
              {t.overdueOnly}
            </Checkbox>
          </div>
          {list.isError ? (
            <Failed error={list.error} onRetry={() => void list.refetch()} />
          ) : (
            <Table<Assignment>
              rowKey="id"
              columns={columns}
              dataSource={list.data?.items ?? []}
              loading={list.isLoading}
              locale={{ emptyText: t.empty }}
              rowClassName={(a) => (a.overdue ? 'rz-lead-row-overdue' : '')}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              scroll={{ x: 'max-content' }}
            />
          )}
        </Card>
      </div>
      <MeetingModal
        open={meetingOpen}
        onClose={(id) => {
          setMeetingOpen(false);
          if (id) set('meetingId', id);
        }}
      />
      {taskOpen ? (
        <TaskModal
          open
          meetings={meetings.data ?? []}
          meetingId={meetingId}
          onClose={() => setTaskOpen(false)}
        />
      ) : null}
    </div>
  );
}
