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
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { holderKinds, type HolderKind } from '../../shared/honours';
import { errorMessage } from '../api';
import { showFieldError } from '../forms';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { ht } from './locale';
import { Failed, HolderPicker, LevelTag } from './parts';
import { useAddExternal, useExternalHonours, type ExternalHonour } from './queries';

const t = ht.external;

/** 外部荣誉录入: recognitions that came from outside the pipeline, with their evidence. */
export function ExternalPage() {
  useDocumentTitle(t.title);
  const list = useExternalHonours();
  const [adding, setAdding] = useState(false);
  const columns: TableColumnsType<ExternalHonour> = [
    { title: t.year, dataIndex: 'year' },
    { title: t.name, dataIndex: 'name', render: (n: string) => <strong>{n}</strong> },
    { title: t.level, dataIndex: 'level', render: (l: string) => <LevelTag level={l} /> },
    { title: t.issuer, dataIndex: 'issuer' },
    {
      title: t.holder,
      dataIndex: 'holderName',
      render: (n: string, r) => `${n}（${ht.labels.kind[r.holderKind]}）`,
    },
    { title: t.evidence, dataIndex: 'evidence', responsive: ['lg'] },
  ];
  return (
    <div className="rz-page">
      <PageTitle
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden="true" />} onClick={() => setAdding(true)}>
            {t.add}
          </Button>
        }
      >
        {t.title}
      </PageTitle>
      <Card>
        <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
        {list.isError ? (
          <Failed error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <div className="rz-table-scroll" tabIndex={0} role="region" aria-label={t.title}>
            <Table<ExternalHonour>
              rowKey="id"
              columns={columns}
              dataSource={list.data ?? []}
              loading={list.isLoading}
              locale={{ emptyText: t.empty }}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
            />
          </div>
        )}
      </Card>
      {adding && <AddModal onClose={() => setAdding(false)} />}
    </div>
  );
}

interface Values {
  name: string;
  level: ExternalHonour['level'];
  issuer: string;
  year: number;
  holderKind: HolderKind;
  holderId: string;
  evidence: string;
}

function AddModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const add = useAddExternal();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const kind = Form.useWatch('holderKind', form) ?? 'team';
  const required = [{ required: true, message: ht.form.required }];
  return (
    <Modal
      open
      title={t.add}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={ht.common.save}
      cancelText={ht.common.cancel}
      confirmLoading={add.isPending}
      width={640}
    >
      {error && <Alert type="error" showIcon title={error} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ level: 'national', holderKind: 'team', year: new Date().getFullYear() }}
        onFinish={(v) => {
          setError(null);
          add.mutate(v, {
            onSuccess: () => {
              void message.success(ht.common.saved);
              onClose();
            },
            onError: (e) => {
              if (
                !showFieldError(form, e, [
                  'name',
                  'level',
                  'issuer',
                  'year',
                  'holderKind',
                  'holderId',
                  'evidence',
                ])
              )
                setError(errorMessage(e));
            },
          });
        }}
      >
        <Form.Item name="name" label={t.name} rules={required}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="level" label={t.level}>
          <Select
            options={(['county', 'city', 'province', 'national'] as const).map((l) => ({
              value: l,
              label: ht.labels.level[l],
            }))}
          />
        </Form.Item>
        <Form.Item name="issuer" label={t.issuer} rules={required}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="year" label={t.year} rules={required}>
          <InputNumber min={1950} max={2100} />
        </Form.Item>
        <Form.Item name="holderKind" label={t.holderKind}>
          <Select
            options={holderKinds.map((k) => ({ value: k, label: ht.labels.kind[k] }))}
            onChange={() => form.setFieldValue('holderId', undefined)}
          />
        </Form.Item>
        <Form.Item name="holderId" label={t.holder} rules={required}>
          <HolderPicker key={kind} kind={kind} />
        </Form.Item>
        <Form.Item name="evidence" label={t.evidence} rules={required}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
