import { App, Button, Card, Form, Input, Select, Space } from 'antd';
import { useEffect, useMemo } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { api, ApiError, errorMessage } from '../api';
import { useMe } from '../auth/session';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { bt } from './locale';
import { Failed, Loading, mayKeepBrandIn } from './parts';
import { useBrandMutation, useBrands, useCase, useServiceFields } from './queries';

const t = bt.cases;

interface Values {
  highlightId: string;
  title: string;
  fieldId?: string | null;
  background: string;
  actions: string;
  results: string;
}

/** 新建 (from a highlight) or 编辑 a typical case; saved as a draft, published from its page. */
export function CaseFormPage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const existing = useCase(id ?? '');
  const brands = useBrands();
  const fields = useServiceFields();
  useDocumentTitle(id ? t.editTitle : t.newTitle);
  const save = useBrandMutation(async (v: Values) =>
    id ? (await api.put(`/api/cases/${id}`, v), id) : (await api.post<{ id: string }>('/api/cases', v)).id,
  );

  const highlightOptions = useMemo(
    () =>
      (brands.data ?? [])
        .filter((b) => mayKeepBrandIn(me, b.countyCode) && b.highlights.length)
        .map((b) => ({
          label: `${b.name}（${b.countyName}）`,
          title: b.name,
          options: b.highlights.map((h) => ({ value: h.id, label: h.title })),
        })),
    [brands.data, me],
  );

  useEffect(() => {
    if (id && existing.data) {
      const c = existing.data;
      form.setFieldsValue({
        highlightId: c.highlightId ?? undefined,
        title: c.title,
        fieldId: c.fieldId,
        background: c.background,
        actions: c.actions,
        results: c.results,
      });
    } else if (!id) {
      const highlightId = params.get('highlightId');
      if (highlightId) form.setFieldsValue({ highlightId });
    }
  }, [id, existing.data, params, form]);

  if (id && existing.isError)
    return <Failed error={existing.error} onRetry={() => void existing.refetch()} />;
  if (id && !existing.data) return <Loading />;

  const submit = async (values: Values) => {
    try {
      const savedId = await save.mutateAsync({ ...values, fieldId: values.fieldId || null });
      void message.success(bt.common.saved);
      navigate(`/cases/${savedId}`);
    } catch (error) {
      if (error instanceof ApiError && error.field)
        form.setFields([{ name: error.field as keyof Values, errors: [error.message] }]);
      else void message.error(errorMessage(error));
    }
  };

  return (
    <div className="rz-page rz-brand-page">
      <PageTitle>{id ? t.editTitle : t.newTitle}</PageTitle>
      <Card>
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={(v) => void submit(v)}
          className="rz-brand-case-form"
        >
          <Form.Item
            name="highlightId"
            label={t.highlight}
            rules={[{ required: true, message: bt.common.required(t.highlight) }]}
          >
            <Select
              options={highlightOptions}
              loading={brands.isLoading}
              showSearch
              optionFilterProp="label"
            />
          </Form.Item>
          <Form.Item
            name="title"
            label={t.caseTitle}
            rules={[{ required: true, min: 4, message: bt.common.required(t.caseTitle) }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="fieldId" label={t.field}>
            <Select
              allowClear
              options={(fields.data ?? []).map((f) => ({ value: f.id, label: f.name }))}
              showSearch
              optionFilterProp="label"
            />
          </Form.Item>
          <Form.Item name="background" label={t.background}>
            <Input.TextArea rows={3} maxLength={8000} />
          </Form.Item>
          <Form.Item
            name="actions"
            label={t.actions}
            rules={[{ required: true, min: 10, message: '请写明主要做法（至少10个字）' }]}
          >
            <Input.TextArea rows={6} maxLength={8000} />
          </Form.Item>
          <Form.Item name="results" label={t.resultsText} extra={t.resultsHelp}>
            <Input.TextArea rows={4} maxLength={8000} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {t.save}
            </Button>
            <Button onClick={() => navigate(-1)}>{bt.common.cancel}</Button>
          </Space>
        </Form>
      </Card>
    </div>
  );
}
