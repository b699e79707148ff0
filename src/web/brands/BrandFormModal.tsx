import { App, Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { api, ApiError, errorMessage } from '../api';
import { useMe } from '../auth/session';
import { bt } from './locale';
import { useBrandMutation, useCounties, useCountyTeams, type BrandDetail } from './queries';

interface Values {
  name: string;
  countyCode: string;
  description: string;
  teamIds: string[];
}

const t = bt.form;

/** 新建 or 编辑 a brand: a county bureau for its own county; the city for any. */
export function BrandFormModal({
  open,
  brand,
  onClose,
  onSaved,
}: {
  open: boolean;
  brand?: BrandDetail;
  onClose: () => void;
  onSaved?: (id: string) => void;
}) {
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const own = me.account.region;
  const isCity = me.account.role === 'city_admin';
  const counties = useCounties(isCity ? own?.code : undefined);
  const countyCode = Form.useWatch('countyCode', form);
  const teams = useCountyTeams(countyCode);
  const save = useBrandMutation(async (v: Values) =>
    brand
      ? (await api.put(`/api/brands/${brand.id}`, {
          name: v.name,
          description: v.description,
          teamIds: v.teamIds,
        }),
        brand.id)
      : (await api.post<{ id: string }>('/api/brands', v)).id,
  );

  useEffect(() => {
    if (!open) return;
    form.setFieldsValue(
      brand
        ? {
            name: brand.name,
            countyCode: brand.countyCode,
            description: brand.description,
            teamIds: brand.teams.map((x) => x.id),
          }
        : { name: '', countyCode: isCity ? undefined : own?.code, description: '', teamIds: [] },
    );
  }, [open, brand, form, isCity, own?.code]);

  const countyOptions = isCity
    ? (counties.data ?? []).map((c) => ({ value: c.code, label: c.name }))
    : own
      ? [{ value: own.code, label: own.name }]
      : [];

  const submit = async () => {
    const values = await form.validateFields();
    try {
      const id = await save.mutateAsync(values);
      void message.success(brand ? bt.common.saved : t.created);
      onSaved?.(id);
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.field)
        form.setFields([{ name: error.field as keyof Values, errors: [error.message] }]);
      else void message.error(errorMessage(error));
    }
  };

  return (
    <Modal
      open={open}
      title={brand ? t.editTitle : t.createTitle}
      okText={bt.common.save}
      cancelText={bt.common.cancel}
      onOk={() => void submit()}
      confirmLoading={save.isPending}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" requiredMark>
        <Form.Item
          name="name"
          label={t.name}
          rules={[{ required: true, min: 2, message: bt.common.required(t.name) }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item
          name="countyCode"
          label={t.county}
          rules={[{ required: true, message: bt.common.required(t.county) }]}
        >
          <Select
            options={countyOptions}
            disabled={Boolean(brand) || !isCity}
            showSearch
            optionFilterProp="label"
          />
        </Form.Item>
        <Form.Item name="description" label={t.description}>
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
        <Form.Item name="teamIds" label={t.teams} extra={t.teamsHelp}>
          <Select
            mode="multiple"
            loading={teams.isLoading}
            options={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
            optionFilterProp="label"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 添加 or 编辑 a highlight. */
export function HighlightModal({
  open,
  brandId,
  highlight,
  onClose,
}: {
  open: boolean;
  brandId: string;
  highlight?: { id: string; title: string; body: string };
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ title: string; body: string }>();
  const save = useBrandMutation(async (v: { title: string; body: string }) =>
    highlight
      ? api.put(`/api/brands/highlights/${highlight.id}`, v)
      : api.post(`/api/brands/${brandId}/highlights`, v),
  );
  useEffect(() => {
    if (open) form.setFieldsValue(highlight ?? { title: '', body: '' });
  }, [open, highlight, form]);
  const submit = async () => {
    const values = await form.validateFields();
    try {
      await save.mutateAsync(values);
      void message.success(bt.common.saved);
      onClose();
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };
  return (
    <Modal
      open={open}
      title={highlight ? bt.detail.editHighlight : bt.detail.addHighlight}
      okText={bt.common.save}
      cancelText={bt.common.cancel}
      onOk={() => void submit()}
      confirmLoading={save.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="title"
          label={bt.detail.highlightTitle}
          rules={[{ required: true, min: 2, message: bt.common.required(bt.detail.highlightTitle) }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="body" label={bt.detail.highlightBody}>
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
