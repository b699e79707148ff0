import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Table,
  Tag,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, errorMessage } from '../api';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { pt } from './locale';
import {
  Failed,
  shortDate,
  useKeepsCityCalendar,
  useKeepsTemplates,
  useYearParam,
  weekdayOf,
  YearSelect,
} from './parts';
import {
  useCreateTemplate,
  useKeyDates,
  useRemoveLocalDate,
  useRemoveTemplate,
  useSaveLocalDate,
  useServiceFields,
  useTemplates,
  type ActivityTemplate,
  type KeyDate,
} from './queries';

const t = pt.keyDates;
const kindColor: Record<string, string> = {
  fixed: 'blue',
  lunar: 'volcano',
  solar_term: 'green',
  local: 'purple',
};

/** 重要节点: the year's key dates with their templates, the city's local dates, and the templates. */
export function KeyDatesPage() {
  useDocumentTitle(t.title);
  const { message } = App.useApp();
  const [year, setYear] = useYearParam();
  const dates = useKeyDates(year);
  const templates = useTemplates();
  const keepsCalendar = useKeepsCityCalendar();
  const keepsTemplates = useKeepsTemplates();
  const removeLocal = useRemoveLocalDate();
  const removeTemplate = useRemoveTemplate();
  const [editing, setEditing] = useState<KeyDate | 'new' | null>(null);
  const [creatingTemplate, setCreatingTemplate] = useState(false);
  const fail = (error: unknown) => void message.error(errorMessage(error));

  const byName = useMemo(() => {
    const m = new Map<string, ActivityTemplate[]>();
    for (const tpl of templates.data ?? []) {
      if (!tpl.keyDateName) continue;
      m.set(tpl.keyDateName, [...(m.get(tpl.keyDateName) ?? []), tpl]);
    }
    return m;
  }, [templates.data]);
  const names = useMemo(() => [...new Set((dates.data ?? []).map((d) => d.name))], [dates.data]);

  const columns: TableColumnsType<KeyDate> = [
    { title: t.colDate, dataIndex: 'date', width: 110, render: (d: string) => shortDate(d) },
    { title: t.colWeekday, key: 'weekday', width: 70, render: (_, d) => `周${weekdayOf(d.date)}` },
    { title: t.colName, dataIndex: 'name', render: (n: string) => <strong>{n}</strong> },
    {
      title: t.colKind,
      dataIndex: 'kind',
      render: (k: string) => <Tag color={kindColor[k]}>{t.kinds[k]}</Tag>,
    },
    { title: t.colTheme, dataIndex: 'theme', render: (v: string) => v || pt.common.none },
    {
      title: t.colTemplates,
      key: 'templates',
      render: (_, d) => {
        const list = byName.get(d.name) ?? [];
        if (!list.length) return pt.common.none;
        return (
          <div className="rz-plan-templates">
            {list.map((tpl) => (
              <span key={tpl.id}>
                {tpl.title}：
                <Link to={`/activities/new?template=${encodeURIComponent(tpl.id)}`}>{t.useTemplate}</Link>
              </span>
            ))}
          </div>
        );
      },
    },
    ...(keepsCalendar
      ? [
          {
            title: pt.working.colActions,
            key: 'actions',
            render: (_: unknown, d: KeyDate) =>
              d.id ? (
                <span className="rz-plan-actions">
                  <Button
                    size="small"
                    onClick={() => setEditing(d)}
                    aria-label={`${pt.common.edit}：${d.name}`}
                  >
                    {pt.common.edit}
                  </Button>
                  <Popconfirm
                    title={pt.common.confirmRemove}
                    okText={pt.common.remove}
                    cancelText={pt.common.cancel}
                    onConfirm={() =>
                      removeLocal.mutate(d.id!, {
                        onSuccess: () => void message.success(pt.common.removed),
                        onError: fail,
                      })
                    }
                  >
                    <Button size="small" danger aria-label={`${pt.common.remove}：${d.name}`}>
                      {pt.common.remove}
                    </Button>
                  </Popconfirm>
                </span>
              ) : null,
          },
        ]
      : []),
  ];

  const templateColumns: TableColumnsType<ActivityTemplate> = [
    { title: t.tplTitle, dataIndex: 'title', render: (v: string) => <strong>{v}</strong> },
    { title: t.tplKeyDate, dataIndex: 'keyDateName', render: (v: string | null) => v ?? t.unattached },
    { title: t.tplTheme, dataIndex: 'theme', render: (v: string) => v || pt.common.none },
    {
      title: t.tplField,
      dataIndex: 'serviceFieldName',
      responsive: ['lg'],
      render: (v: string | null) => v ?? pt.common.none,
    },
    {
      title: t.tplContent,
      dataIndex: 'content',
      responsive: ['md'],
      render: (v: string) => v || pt.common.none,
    },
    { title: t.tplRegion, dataIndex: 'regionName', responsive: ['lg'] },
    {
      title: pt.working.colActions,
      key: 'actions',
      render: (_, tpl) => (
        <span className="rz-plan-actions">
          <Link to={`/activities/new?template=${encodeURIComponent(tpl.id)}`}>{t.useTemplate}</Link>
          {keepsTemplates && (
            <Popconfirm
              title={pt.common.confirmRemove}
              okText={pt.common.remove}
              cancelText={pt.common.cancel}
              onConfirm={() =>
                removeTemplate.mutate(tpl.id, {
                  onSuccess: () => void message.success(pt.common.removed),
                  onError: fail,
                })
              }
            >
              <Button size="small" danger aria-label={`${pt.common.remove}：${tpl.title}`}>
                {pt.common.remove}
              </Button>
            </Popconfirm>
          )}
        </span>
      ),
    },
  ];

  return (
    <div className="rz-page rz-plan-page">
      <PageTitle
        extra={
          keepsCalendar ? (
            <Button
              type="primary"
              icon={<PlusOutlined aria-hidden="true" />}
              onClick={() => setEditing('new')}
            >
              {t.addLocal}
            </Button>
          ) : undefined
        }
      >
        {t.title}
      </PageTitle>
      <Card>
        <p className="rz-plan-intro">{t.intro}</p>
        <div className="rz-plan-toolbar">
          <YearSelect id="rz-keydates-year" value={year} onChange={setYear} />
        </div>
        {dates.isError ? (
          <Failed error={dates.error} onRetry={() => void dates.refetch()} />
        ) : (
          <Table<KeyDate>
            rowKey={(d) => `${d.date}-${d.name}-${d.id ?? ''}`}
            columns={columns}
            dataSource={dates.data ?? []}
            loading={dates.isLoading}
            pagination={false}
            scroll={{ x: 'max-content' }}
          />
        )}
      </Card>
      <Card
        className="rz-plan-section"
        title={<h2 className="rz-plan-card-title">{t.templatesTitle}</h2>}
        extra={
          keepsTemplates ? (
            <Button icon={<PlusOutlined aria-hidden="true" />} onClick={() => setCreatingTemplate(true)}>
              {t.addTemplate}
            </Button>
          ) : undefined
        }
      >
        <p className="rz-plan-intro">{t.templatesIntro}</p>
        {templates.isError ? (
          <Alert type="error" showIcon message={errorMessage(templates.error)} />
        ) : (
          <Table<ActivityTemplate>
            rowKey="id"
            columns={templateColumns}
            dataSource={templates.data ?? []}
            loading={templates.isLoading}
            locale={{ emptyText: t.noTemplates }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
          />
        )}
      </Card>
      {editing && (
        <LocalDateModal
          year={year}
          date={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      {creatingTemplate && <TemplateModal names={names} onClose={() => setCreatingTemplate(false)} />}
    </div>
  );
}

interface LocalValues {
  date: string;
  name: string;
  theme?: string;
}

function LocalDateModal({
  year,
  date,
  onClose,
}: {
  year: number;
  date: KeyDate | null;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<LocalValues>();
  const save = useSaveLocalDate();
  return (
    <Modal
      open
      title={date ? t.editLocal : t.addLocal}
      okText={pt.common.save}
      cancelText={pt.common.cancel}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
    >
      <Form<LocalValues>
        form={form}
        layout="vertical"
        initialValues={
          date ? { date: date.date, name: date.name, theme: date.theme } : { date: `${year}-06-01` }
        }
        onFinish={(v) =>
          save.mutate(
            { id: date?.id, date: v.date, name: v.name, theme: v.theme ?? '' },
            {
              onSuccess: () => {
                void message.success(pt.common.saved);
                onClose();
              },
              onError: (error) => {
                const field = error instanceof ApiError ? error.field : undefined;
                if (field === 'date' || field === 'name' || field === 'theme')
                  form.setFields([{ name: field, errors: [error.message] }]);
                else void message.error(errorMessage(error));
              },
            },
          )
        }
      >
        <Form.Item name="date" label={t.date} rules={[{ required: true, message: pt.plans.pick(t.date) }]}>
          <Input type="date" className="rz-plan-date-input" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t.name}
          rules={[
            { required: true, whitespace: true, message: pt.plans.required(t.name) },
            { min: 2, message: '节点名称至少2个字' },
          ]}
        >
          <Input placeholder={t.namePlaceholder} maxLength={60} />
        </Form.Item>
        <Form.Item name="theme" label={t.theme}>
          <Input placeholder={t.themePlaceholder} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface TemplateValues {
  title: string;
  keyDateName?: string;
  theme?: string;
  content?: string;
  serviceFieldId?: string;
}

function TemplateModal({ names, onClose }: { names: string[]; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<TemplateValues>();
  const create = useCreateTemplate();
  const fields = useServiceFields();
  return (
    <Modal
      open
      title={t.addTemplate}
      okText={pt.common.save}
      cancelText={pt.common.cancel}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
    >
      <Form<TemplateValues>
        form={form}
        layout="vertical"
        onFinish={(v) =>
          create.mutate(
            {
              title: v.title,
              theme: v.theme ?? '',
              content: v.content ?? '',
              serviceFieldId: v.serviceFieldId ?? null,
              keyDateName: v.keyDateName ?? null,
            },
            {
              onSuccess: () => {
                void message.success(pt.common.saved);
                onClose();
              },
              onError: (error) => {
                const field = error instanceof ApiError ? error.field : undefined;
                if (field && ['title', 'theme', 'content', 'serviceFieldId', 'keyDateName'].includes(field))
                  form.setFields([{ name: field as keyof TemplateValues, errors: [error.message] }]);
                else void message.error(errorMessage(error));
              },
            },
          )
        }
      >
        <Form.Item
          name="title"
          label={t.tplTitle}
          rules={[
            { required: true, whitespace: true, message: pt.plans.required(t.tplTitle) },
            { min: 2, message: '模板名称至少2个字' },
          ]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="keyDateName" label={t.tplKeyDate}>
          <Select
            allowClear
            placeholder={t.tplKeyDatePlaceholder}
            options={names.map((n) => ({ value: n, label: n }))}
          />
        </Form.Item>
        <Form.Item name="theme" label={t.tplTheme}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="serviceFieldId" label={t.tplField}>
          <Select
            allowClear
            placeholder={t.tplFieldPlaceholder}
            loading={fields.isLoading}
            options={(fields.data ?? []).map((f) => ({ value: f.id, label: f.name }))}
          />
        </Form.Item>
        <Form.Item name="content" label={t.tplContent}>
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
