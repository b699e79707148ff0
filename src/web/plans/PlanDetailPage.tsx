import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Result,
  Select,
  Switch,
  Table,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { chinaDate, chinaToday } from '../../shared/dates';
import { ApiError, errorMessage } from '../api';
import { formatDateTime } from '../locale/zh-CN';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { pt } from './locale';
import { Failed, Loading, shortDate } from './parts';
import {
  useActivityOptions,
  useAddItem,
  useKeyDates,
  usePlan,
  useRemoveItem,
  useRemovePlan,
  useUpdateItem,
  useUpdatePlan,
  type Plan,
  type PlanItem,
} from './queries';

const t = pt.detail;

/** 年度计划详情: the plan's head (editable) and its monthly arrangements. */
export function PlanDetailPage() {
  const { id = '' } = useParams();
  const plan = usePlan(id);
  useDocumentTitle(plan.data?.title ?? pt.plans.title);

  if (plan.isLoading) return <Loading />;
  if (plan.isError) {
    const gone = plan.error instanceof ApiError && (plan.error.status === 404 || plan.error.status === 403);
    return gone ? (
      <Result
        status="404"
        title={<h1 className="rz-result-title">{t.notFound}</h1>}
        extra={<Link to="/plans">{t.back}</Link>}
      />
    ) : (
      <Failed error={plan.error} onRetry={() => void plan.refetch()} />
    );
  }
  return <PlanView plan={plan.data!} />;
}

function PlanView({ plan }: { plan: Plan }) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [editingHead, setEditingHead] = useState(false);
  const [editingItem, setEditingItem] = useState<PlanItem | 'new' | null>(null);
  const update = useUpdateItem(plan.id);
  const remove = useRemoveItem(plan.id);
  const removePlan = useRemovePlan();
  const fail = (error: unknown) => void message.error(errorMessage(error));

  const columns: TableColumnsType<PlanItem> = [
    { title: t.colMonth, dataIndex: 'month', width: 80, render: (m: number) => pt.common.monthLabel(m) },
    { title: t.colTitle, dataIndex: 'title' },
    { title: t.colTheme, dataIndex: 'theme', render: (v: string) => v || pt.common.none },
    {
      title: t.colKeyDate,
      dataIndex: 'keyDate',
      render: (v: string | null) => (v ? shortDate(v) : pt.common.none),
    },
    {
      title: t.colDone,
      dataIndex: 'done',
      render: (done: boolean, item) => (
        <Switch
          checked={done}
          checkedChildren={t.done}
          unCheckedChildren={t.notDone}
          aria-label={`${item.title}：${done ? t.markUndone : t.markDone}`}
          loading={update.isPending && update.variables?.itemId === item.id}
          onChange={(v) => update.mutate({ itemId: item.id, done: v }, { onError: fail })}
        />
      ),
    },
    {
      title: t.colActivity,
      key: 'activity',
      responsive: ['lg'],
      render: (_, item) =>
        item.activityId ? (
          <Link to={`/activities/${item.activityId}`}>{item.activityTitle ?? item.activityId}</Link>
        ) : (
          pt.common.none
        ),
    },
    {
      title: t.colActions,
      key: 'actions',
      render: (_, item) => (
        <span className="rz-plan-actions">
          <Button
            size="small"
            onClick={() => setEditingItem(item)}
            aria-label={`${pt.common.edit}：${item.title}`}
          >
            {pt.common.edit}
          </Button>
          <Popconfirm
            title={pt.common.confirmRemove}
            okText={pt.common.remove}
            cancelText={pt.common.cancel}
            onConfirm={() =>
              remove.mutate(item.id, {
                onSuccess: () => void message.success(pt.common.removed),
                onError: fail,
              })
            }
          >
            <Button size="small" danger aria-label={`${pt.common.remove}：${item.title}`}>
              {pt.common.remove}
            </Button>
          </Popconfirm>
        </span>
      ),
    },
  ];

  return (
    <div className="rz-page rz-plan-page">
      <PageTitle
        extra={
          <Button
            icon={<ArrowLeftOutlined aria-hidden="true" />}
            onClick={() => navigate(`/plans?year=${plan.year}`)}
          >
            {t.back}
          </Button>
        }
      >
        {plan.title}
      </PageTitle>
      <Card
        title={<h2 className="rz-plan-card-title">{t.head}</h2>}
        extra={
          <span className="rz-plan-actions">
            <Button onClick={() => setEditingHead(true)}>{t.editHead}</Button>
            <Popconfirm
              title={pt.common.confirmRemove}
              okText={pt.common.remove}
              cancelText={pt.common.cancel}
              onConfirm={() =>
                removePlan.mutate(plan.id, {
                  onSuccess: () => {
                    void message.success(t.planRemoved);
                    void navigate(`/plans?year=${plan.year}`);
                  },
                  onError: fail,
                })
              }
            >
              <Button danger>{t.removePlan}</Button>
            </Popconfirm>
          </span>
        }
      >
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
          <Descriptions.Item label={t.owner}>
            {plan.teamName
              ? `${pt.plans.ownerTeam}：${plan.teamName}`
              : `${pt.plans.ownerRegion}：${plan.regionName}`}
          </Descriptions.Item>
          <Descriptions.Item label={t.year}>{pt.common.yearLabel(plan.year)}</Descriptions.Item>
          <Descriptions.Item label={t.goals} span={2}>
            <span className="rz-plan-goals">{plan.goals || t.noGoals}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        className="rz-plan-section"
        title={<h2 className="rz-plan-card-title">{t.arrangements}</h2>}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined aria-hidden="true" />}
            onClick={() => setEditingItem('new')}
          >
            {t.addItem}
          </Button>
        }
      >
        <Table<PlanItem>
          rowKey="id"
          columns={columns}
          dataSource={plan.items}
          locale={{ emptyText: t.noItems }}
          pagination={false}
          scroll={{ x: 'max-content' }}
        />
      </Card>
      {editingHead && <HeadModal plan={plan} onClose={() => setEditingHead(false)} />}
      {editingItem && (
        <ItemModal
          plan={plan}
          item={editingItem === 'new' ? null : editingItem}
          onClose={() => setEditingItem(null)}
        />
      )}
    </div>
  );
}

function HeadModal({ plan, onClose }: { plan: Plan; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ title: string; goals: string }>();
  const update = useUpdatePlan(plan.id);
  return (
    <Modal
      open
      title={t.editHead}
      okText={pt.common.save}
      cancelText={pt.common.cancel}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={update.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ title: plan.title, goals: plan.goals }}
        onFinish={(v) =>
          update.mutate(v, {
            onSuccess: () => {
              void message.success(pt.common.saved);
              onClose();
            },
            onError: (error) => {
              const field = error instanceof ApiError ? error.field : undefined;
              if (field === 'title' || field === 'goals')
                form.setFields([{ name: field, errors: [error.message] }]);
              else void message.error(errorMessage(error));
            },
          })
        }
      >
        <Form.Item
          name="title"
          label={pt.plans.name}
          rules={[
            { required: true, whitespace: true, message: pt.plans.required(pt.plans.name) },
            { min: 2, message: '计划名称至少2个字' },
          ]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="goals" label={pt.plans.goals}>
          <Input.TextArea rows={5} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ItemValues {
  month: number;
  title: string;
  theme?: string;
  keyDate?: string | null;
  activityId?: string | null;
}

function ItemModal({ plan, item, onClose }: { plan: Plan; item: PlanItem | null; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ItemValues>();
  const add = useAddItem(plan.id);
  const update = useUpdateItem(plan.id);
  const keyDates = useKeyDates(plan.year);
  const activities = useActivityOptions();
  const month = Form.useWatch('month', form) ?? item?.month;

  const keyDateOptions = useMemo(
    () =>
      (keyDates.data ?? [])
        .filter((d) => Number(d.date.slice(5, 7)) === month)
        .map((d) => ({ value: d.date, label: `${shortDate(d.date)} ${d.name}`, theme: d.theme })),
    [keyDates.data, month],
  );

  // Activities of the arrangement's month (Beijing time); the server checks the team or region too.
  const activityOptions = useMemo(() => {
    const ym = `${plan.year}-${String(month).padStart(2, '0')}`;
    return (activities.data ?? [])
      .filter((a) => chinaDate(a.startsAt).slice(0, 7) === ym || a.id === item?.activityId)
      .map((a) => ({ value: a.id, label: `${a.title}（${formatDateTime(a.startsAt)}）` }));
  }, [activities.data, plan.year, month, item?.activityId]);

  const done = () => {
    void message.success(pt.common.saved);
    onClose();
  };
  const failed = (error: unknown) => {
    const field = error instanceof ApiError ? error.field : undefined;
    if (field && ['month', 'title', 'theme', 'keyDate', 'activityId'].includes(field))
      form.setFields([{ name: field as keyof ItemValues, errors: [(error as Error).message] }]);
    else void message.error(errorMessage(error));
  };

  const submit = (v: ItemValues) => {
    const body = {
      month: v.month,
      title: v.title,
      theme: v.theme ?? '',
      keyDate: v.keyDate ?? null,
      activityId: v.activityId ?? null,
    };
    if (item) update.mutate({ itemId: item.id, ...body }, { onSuccess: done, onError: failed });
    else add.mutate(body, { onSuccess: done, onError: failed });
  };

  return (
    <Modal
      open
      title={item ? t.editItem : t.addItem}
      okText={pt.common.save}
      cancelText={pt.common.cancel}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={add.isPending || update.isPending}
    >
      <Form<ItemValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          item
            ? {
                month: item.month,
                title: item.title,
                theme: item.theme,
                keyDate: item.keyDate,
                activityId: item.activityId,
              }
            : { month: Number(chinaToday().slice(5, 7)) }
        }
        onValuesChange={(changed: Partial<ItemValues>) => {
          if ('month' in changed) form.setFieldValue('keyDate', null);
          if (changed.keyDate) {
            const picked = keyDateOptions.find((o) => o.value === changed.keyDate);
            if (picked && !form.getFieldValue('theme'))
              form.setFieldValue('theme', picked.theme.slice(0, 60));
          }
        }}
      >
        <Form.Item
          name="month"
          label={t.colMonth}
          rules={[{ required: true, message: pt.plans.pick(t.colMonth) }]}
        >
          <Select
            options={Array.from({ length: 12 }, (_, i) => ({
              value: i + 1,
              label: pt.common.monthLabel(i + 1),
            }))}
          />
        </Form.Item>
        <Form.Item name="keyDate" label={t.keyDate}>
          <Select
            allowClear
            options={keyDateOptions}
            placeholder={t.keyDatePlaceholder}
            loading={keyDates.isLoading}
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t.itemTitle}
          rules={[
            { required: true, whitespace: true, message: pt.plans.required(t.itemTitle) },
            { min: 2, message: t.itemTitleMin },
          ]}
        >
          <Input placeholder={t.itemTitlePlaceholder} maxLength={100} />
        </Form.Item>
        <Form.Item name="theme" label={t.theme}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="activityId" label={t.activity}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t.activityPlaceholder}
            loading={activities.isLoading}
            options={activityOptions}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
