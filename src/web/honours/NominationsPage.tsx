import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  honourLevels,
  nominationStatuses,
  type HolderKind,
  type NominationStatus,
  type NominationSummary,
} from '../../shared/honours';
import { errorMessage } from '../api';
import { PagedTable } from '../components/PagedTable';
import { useListQuery } from '../components/useListQuery';
import { showFieldError } from '../forms';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { ht } from './locale';
import { HolderPicker, LevelTag, StatusTag } from './parts';
import { NOMINATIONS_PAGE_SIZE, useCatalogue, useCreateNomination, useNominations } from './queries';

const t = ht.list;
const thisYear = new Date().getFullYear();
const FILTER_KEYS = ['status', 'level', 'year'] as const;

/** 推荐与评审: the nominations of one's area (and one's own), filtered by status, level and year. */
export function NominationsPage() {
  useDocumentTitle(t.title);
  const { query, page, pageSize, set: setQuery, setPage } = useListQuery(FILTER_KEYS, NOMINATIONS_PAGE_SIZE);
  const [creating, setCreating] = useState(false);
  const status = nominationStatuses.includes(query.status as NominationStatus)
    ? (query.status as NominationStatus)
    : undefined;
  const level = honourLevels.find((l) => l === query.level);
  const year = Number(query.year) || undefined;
  const list = useNominations({ status, level, year, page });
  const set = (key: (typeof FILTER_KEYS)[number], value: string | number | undefined) =>
    setQuery({ [key]: value });

  const columns: TableColumnsType<NominationSummary> = [
    {
      title: t.colNominee,
      dataIndex: 'nomineeName',
      render: (n: string, r) => <Link to={`/honours/nominations/${r.id}`}>{n}</Link>,
    },
    {
      title: t.colHonour,
      dataIndex: 'honourName',
      render: (n: string, r) => (
        <>
          {n} <LevelTag level={r.level} />
        </>
      ),
    },
    { title: t.year, dataIndex: 'year' },
    { title: t.colRegion, dataIndex: 'regionName', responsive: ['md'] },
    { title: t.colProposer, dataIndex: 'proposerName', responsive: ['lg'] },
    {
      title: t.colStatus,
      dataIndex: 'status',
      render: (s: NominationStatus, r) => (
        <>
          <StatusTag status={s} />
          {r.roleTaken && ht.detail.roleResult(r.roleTaken)}
        </>
      ),
    },
    { title: t.colNotice, dataIndex: 'noticeEndsOn', render: (d: string | null) => d ?? ht.common.none },
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
        <div className="rz-hon-filters">
          <label htmlFor="rz-hon-status">{t.status}</label>
          <Select
            id="rz-hon-status"
            value={status ?? ''}
            onChange={(v: string) => set('status', v)}
            options={[
              { value: '', label: t.all },
              ...nominationStatuses.map((s) => ({ value: s, label: ht.labels.status[s] })),
            ]}
          />
          <label htmlFor="rz-hon-level">{t.level}</label>
          <Select
            id="rz-hon-level"
            value={level ?? ''}
            onChange={(v: string) => set('level', v)}
            options={[
              { value: '', label: t.all },
              ...honourLevels.map((l) => ({ value: l, label: ht.labels.level[l] })),
            ]}
          />
          <label htmlFor="rz-hon-year">{t.year}</label>
          <Select
            id="rz-hon-year"
            value={year ?? ''}
            onChange={(v: number | '') => set('year', v === '' ? undefined : v)}
            options={[
              { value: '', label: t.all },
              ...[thisYear + 1, thisYear, thisYear - 1, thisYear - 2, thisYear - 3].map((y) => ({
                value: y,
                label: `${y}年`,
              })),
            ]}
          />
        </div>
      </Card>
      <PagedTable<NominationSummary>
        list={list}
        columns={columns}
        page={page}
        pageSize={pageSize}
        onPage={setPage}
        caption={t.title}
        emptyText={t.empty}
        showTotal={t.total}
      />
      {creating && <CreateNominationModal onClose={() => setCreating(false)} />}
    </div>
  );
}

interface CreateValues {
  honourId: string;
  year: number;
  nomineeId: string;
  deeds: string;
}

function CreateNominationModal({ onClose }: { onClose: () => void }) {
  const f = ht.form;
  const [form] = Form.useForm<CreateValues>();
  const catalogue = useCatalogue();
  const create = useCreateNomination();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const honourId = Form.useWatch('honourId', form);
  const kind: HolderKind | undefined = catalogue.data?.find((k) => k.id === honourId)?.honours;

  const submit = (v: CreateValues) => {
    if (!kind) return;
    setError(null);
    create.mutate(
      { ...v, nomineeKind: kind },
      {
        onSuccess: ({ id }) => {
          void message.success(ht.common.done);
          onClose();
          navigate(`/honours/nominations/${id}`);
        },
        onError: (e) => {
          if (!showFieldError(form, e, ['honourId', 'year', 'nomineeId', 'deeds'])) setError(errorMessage(e));
        },
      },
    );
  };

  return (
    <Modal
      open
      title={f.title}
      onCancel={onClose}
      okText={ht.common.submit}
      cancelText={ht.common.cancel}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      width={640}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} className="rz-hon-alert" />}
      <Form<CreateValues> form={form} layout="vertical" onFinish={submit} initialValues={{ year: thisYear }}>
        <Form.Item name="honourId" label={f.honour} rules={[{ required: true, message: f.required }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={catalogue.isLoading}
            options={(catalogue.data ?? []).map((k) => ({
              value: k.id,
              label: `${k.name}（${ht.labels.level[k.level]}·${ht.labels.kind[k.honours]}）`,
            }))}
            onChange={() => form.setFieldValue('nomineeId', undefined)}
          />
        </Form.Item>
        <Form.Item name="year" label={f.year} rules={[{ required: true, message: f.required }]}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        {kind && (
          <Form.Item
            name="nomineeId"
            label={`${f.nominee}（${ht.labels.kind[kind]}）`}
            rules={[{ required: true, message: f.required }]}
          >
            <HolderPicker key={kind} kind={kind} />
          </Form.Item>
        )}
        <Form.Item
          name="deeds"
          label={f.deeds}
          extra={f.deedsHint}
          rules={[{ required: true, message: f.required }]}
        >
          <Input.TextArea rows={6} maxLength={8000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
