import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Radio, Select, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, errorMessage } from '../api';
import { useMe } from '../auth/session';
import { PagedTable } from '../components/PagedTable';
import { useListQuery } from '../components/useListQuery';
import { formatDateTime } from '../locale/zh-CN';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { pt } from './locale';
import { useYearParam, YearSelect } from './parts';
import { useCreatePlan, usePlans, useRegionChildren, useTeams, type PlanSummary } from './queries';

const t = pt.plans;
const PAGE_SIZE = 20;

/** 年度计划: the plans of one's area for a year, and a form for a new one. */
export function PlansPage() {
  useDocumentTitle(t.title);
  const [year] = useYearParam();
  const { page, pageSize, set, setPage } = useListQuery(['year'] as const, PAGE_SIZE);
  const list = usePlans(year, page, pageSize);
  const [creating, setCreating] = useState(false);

  const columns: TableColumnsType<PlanSummary> = [
    {
      title: t.colTitle,
      dataIndex: 'title',
      render: (title: string, p) => <Link to={`/plans/${p.id}`}>{title}</Link>,
    },
    {
      title: t.colOwner,
      key: 'owner',
      render: (_, p) => (p.teamName ? `${t.ownerTeam}：${p.teamName}` : `${t.ownerRegion}：${p.regionName}`),
    },
    { title: t.colItems, key: 'items', render: (_, p) => t.items(p.itemCount, p.doneCount) },
    {
      title: t.colUpdated,
      dataIndex: 'updatedAt',
      responsive: ['md'],
      render: (v: string) => formatDateTime(v),
    },
  ];

  return (
    <div className="rz-page rz-plan-page">
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
        <p className="rz-plan-intro">{t.intro}</p>
        <div className="rz-plan-toolbar">
          <YearSelect id="rz-plan-year" value={year} onChange={(y) => set({ year: y })} />
        </div>
      </Card>
      <PagedTable<PlanSummary>
        list={list}
        columns={columns}
        page={page}
        pageSize={pageSize}
        onPage={setPage}
        caption={t.tableCaption(year)}
        emptyText={t.empty}
        showTotal={t.total}
      />
      {creating && <CreatePlanModal year={year} onClose={() => setCreating(false)} />}
    </div>
  );
}

interface CreateValues {
  forWhom: 'region' | 'team';
  regionCode?: string;
  teamId?: string;
  title: string;
  goals?: string;
}

function CreatePlanModal({ year, onClose }: { year: number; onClose: () => void }) {
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const own = me.account.region;
  const children = useRegionChildren(own?.code);
  const teams = useTeams();
  const create = useCreatePlan();
  const forWhom = Form.useWatch('forWhom', form) ?? (own ? 'region' : 'team');

  const regionOptions = [
    ...(own ? [{ value: own.code, label: own.name }] : []),
    ...(children.data ?? []).map((c) => ({ value: c.code, label: c.name })),
  ];

  const submit = (v: CreateValues) => {
    create.mutate(
      {
        year,
        regionCode: v.forWhom === 'region' ? v.regionCode! : (own?.code ?? '000000000000'),
        teamId: v.forWhom === 'team' ? v.teamId! : null,
        title: v.title,
        goals: v.goals ?? '',
      },
      {
        onSuccess: (plan) => {
          void message.success(t.created);
          onClose();
          void navigate(`/plans/${plan.id}`);
        },
        onError: (error) => {
          const field = error instanceof ApiError ? error.field : undefined;
          if (field && ['regionCode', 'teamId', 'title', 'goals'].includes(field)) {
            form.setFields([{ name: field as keyof CreateValues, errors: [error.message] }]);
          } else {
            void message.error(errorMessage(error));
          }
        },
      },
    );
  };

  return (
    <Modal
      open
      title={`${t.formTitle}（${pt.common.yearLabel(year)}）`}
      okText={pt.common.save}
      cancelText={pt.common.cancel}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form<CreateValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ forWhom: own ? 'region' : 'team', regionCode: own?.code }}
      >
        <Form.Item name="forWhom" label={t.forWhom}>
          <Radio.Group
            options={[
              ...(own ? [{ value: 'region', label: t.forRegion }] : []),
              { value: 'team', label: t.forTeam },
            ]}
          />
        </Form.Item>
        {forWhom === 'region' ? (
          <Form.Item
            name="regionCode"
            label={t.region}
            rules={[{ required: true, message: t.pick(t.region) }]}
          >
            <Select options={regionOptions} showSearch optionFilterProp="label" />
          </Form.Item>
        ) : (
          <Form.Item name="teamId" label={t.team} rules={[{ required: true, message: t.pick(t.team) }]}>
            <Select
              options={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
              loading={teams.isLoading}
              placeholder={t.teamPlaceholder}
              showSearch
              optionFilterProp="label"
            />
          </Form.Item>
        )}
        <Form.Item
          name="title"
          label={t.name}
          rules={[
            { required: true, whitespace: true, message: t.required(t.name) },
            { min: 2, message: '计划名称至少2个字' },
            { max: 100, message: '计划名称不超过100字' },
          ]}
        >
          <Input placeholder={t.namePlaceholder} maxLength={100} />
        </Form.Item>
        <Form.Item name="goals" label={t.goals} rules={[{ max: 4000, message: '年度目标不超过4000字' }]}>
          <Input.TextArea rows={4} placeholder={t.goalsPlaceholder} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
