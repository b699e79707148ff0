import { Button, Form, Input, Select } from 'antd';
import { useState } from 'react';
import type { RequestInput } from '../../shared/requests';
import { ApiError, errorMessage } from '../api';
import { rt } from './locale';
import { isoToLocal, localToIso } from './parts';
import { useRegionChildren, useServiceFields } from './queries';

const t = rt.form;

interface Values {
  fieldId: string;
  county: string;
  township: string;
  regionCode: string;
  address: string;
  wanted: string;
  description: string;
  contactName: string;
  phone: string;
}

/** The request form, for a resident's phone (large) or a station's desk. */
export function RequestForm({
  onSubmit,
  large,
}: {
  onSubmit: (input: RequestInput) => Promise<unknown>;
  large?: boolean;
}) {
  const [form] = Form.useForm<Values>();
  const fields = useServiceFields();
  const roots = useRegionChildren(null);
  const root = roots.data?.items[0]?.code ?? null;
  const counties = useRegionChildren(root);
  const county = Form.useWatch('county', form) ?? null;
  const township = Form.useWatch('township', form) ?? null;
  const townships = useRegionChildren(county);
  const villages = useRegionChildren(township);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [initialWanted] = useState(() => `${isoToLocal(Date.now() + 86_400_000).slice(0, 11)}09:00`);
  const size = large ? 'large' : 'middle';

  const finish = async (v: Values) => {
    setError(null);
    setBusy(true);
    try {
      await onSubmit({
        fieldId: v.fieldId,
        regionCode: v.regionCode,
        address: v.address,
        wantedAt: localToIso(v.wanted),
        description: v.description,
        contactName: v.contactName,
        phone: v.phone,
      });
    } catch (e) {
      if (e instanceof ApiError && e.field) {
        const name = e.field === 'wantedAt' ? 'wanted' : e.field;
        form.setFields([{ name: name as keyof Values, errors: [e.message] }]);
      }
      setError(e instanceof ApiError && e.status === 429 ? e.message || t.rateLimited : errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const opts = (items: { code: string; name: string }[] | undefined) =>
    (items ?? []).map((r) => ({ value: r.code, label: r.name }));

  return (
    <Form
      form={form}
      layout="vertical"
      size={size}
      onFinish={(v) => void finish(v)}
      initialValues={{ wanted: initialWanted }}
      className={large ? 'rz-req-form-large' : undefined}
    >
      <Form.Item name="fieldId" label={t.field} rules={[{ required: true, message: t.fieldRequired }]}>
        <Select
          showSearch
          optionFilterProp="label"
          loading={fields.isLoading}
          options={(fields.data?.fields ?? []).map((f) => ({ value: f.id, label: f.name }))}
        />
      </Form.Item>
      <Form.Item name="county" label={t.county} rules={[{ required: true, message: t.villageRequired }]}>
        <Select
          options={opts(counties.data?.items)}
          loading={counties.isLoading}
          onChange={() => form.setFieldsValue({ township: undefined, regionCode: undefined })}
        />
      </Form.Item>
      <Form.Item name="township" label={t.township} rules={[{ required: true, message: t.villageRequired }]}>
        <Select
          showSearch
          optionFilterProp="label"
          disabled={!county}
          options={opts(townships.data?.items)}
          loading={townships.isFetching}
          onChange={() => form.setFieldsValue({ regionCode: undefined })}
        />
      </Form.Item>
      <Form.Item name="regionCode" label={t.village} rules={[{ required: true, message: t.villageRequired }]}>
        <Select
          showSearch
          optionFilterProp="label"
          disabled={!township}
          options={opts(villages.data?.items)}
          loading={villages.isFetching}
        />
      </Form.Item>
      <Form.Item
        name="address"
        label={t.address}
        rules={[{ required: true, whitespace: true, message: t.addressRequired }]}
      >
        <Input maxLength={120} />
      </Form.Item>
      <Form.Item name="wanted" label={t.wanted} rules={[{ required: true, message: t.wantedRequired }]}>
        <Input type="datetime-local" />
      </Form.Item>
      <Form.Item
        name="description"
        label={t.description}
        rules={[{ required: true, whitespace: true, min: 5, message: t.descriptionRequired }]}
      >
        <Input.TextArea rows={4} maxLength={1000} showCount />
      </Form.Item>
      <Form.Item
        name="contactName"
        label={t.contactName}
        rules={[{ required: true, whitespace: true, message: t.contactRequired }]}
      >
        <Input maxLength={30} autoComplete="name" />
      </Form.Item>
      <Form.Item
        name="phone"
        label={t.phone}
        extra={t.privacy}
        rules={[
          { required: true, message: t.phoneRequired },
          { pattern: /^1[3-9]\d{9}$/, message: t.phoneInvalid },
        ]}
      >
        <Input inputMode="tel" maxLength={11} autoComplete="tel" />
      </Form.Item>
      {error && (
        <p className="rz-req-error" role="alert">
          {error}
        </p>
      )}
      <Button type="primary" htmlType="submit" block={large} loading={busy} size={size}>
        {t.submit}
      </Button>
    </Form>
  );
}
