import { Alert, App, Button, Card, Form, Input, InputNumber, Radio, Select } from 'antd';
import { useEffect, useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { activityKinds, type ActivityInput } from '../../shared/activities';
import { ApiError, errorMessage } from '../api';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { at } from './locale';
import { localToIso } from './parts';
import { useActivityTemplate, useApprovedTeams, useCreateActivity, useServiceFields } from './queries';

const t = at.form;

interface FormValues {
  title: string;
  kind: 'central' | 'own';
  teamId?: string;
  participatingTeamIds?: string[];
  fieldId?: string;
  place: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  serviceObject?: string;
  theme?: string;
  description?: string;
}

/** 新建活动: saved as a draft; publishing opens sign-up. */
export function ActivityFormPage() {
  useDocumentTitle(t.title);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const teams = useApprovedTeams();
  const fields = useServiceFields();
  const create = useCreateActivity();
  const teamId = Form.useWatch('teamId', form);
  const kind = Form.useWatch('kind', form);
  // 主题活动模板 (from the plans calendar): ?template=<id> fills in the title, theme and content.
  const [params] = useSearchParams();
  const templateId = params.get('template');
  const template = useActivityTemplate(templateId);
  useEffect(() => {
    const tpl = template.data;
    if (!tpl) return;
    const fieldId = tpl.serviceFieldId;
    const field = fieldId ? fields.data?.find((f) => f.id === fieldId) : undefined;
    form.setFieldsValue({
      title: tpl.title,
      theme: tpl.theme,
      description: tpl.content,
      ...(field ? { fieldId: field.id } : {}),
    });
  }, [template.data, fields.data, form]);
  const team = teams.data?.find((x) => x.id === teamId);
  const teamOptions = useMemo(
    () => (teams.data ?? []).map((x) => ({ value: x.id, label: x.name })),
    [teams.data],
  );

  const submit = (v: FormValues) => {
    if (!team) return;
    const input: ActivityInput = {
      title: v.title,
      kind: v.kind,
      teamId: team.id,
      participatingTeamIds:
        v.kind === 'central' ? (v.participatingTeamIds ?? []).filter((id) => id !== team.id) : [],
      regionCode: team.region.code,
      fieldId: v.fieldId ?? null,
      place: v.place,
      startsAt: localToIso(v.startsAt),
      endsAt: localToIso(v.endsAt),
      capacity: v.capacity,
      serviceObject: v.serviceObject ?? '',
      theme: v.theme ?? '',
      description: v.description ?? '',
    };
    create.mutate(input, {
      onSuccess: (a) => {
        void message.success(t.created);
        void navigate(`/activities/${a.id}`);
      },
      onError: (error) => {
        if (
          error instanceof ApiError &&
          error.field &&
          form.getFieldInstance(error.field as keyof FormValues)
        ) {
          form.setFields([{ name: error.field as keyof FormValues, errors: [error.message] }]);
        } else {
          void message.error(errorMessage(error));
        }
      },
    });
  };

  return (
    <div className="rz-page rz-page-narrow">
      <PageTitle>{t.title}</PageTitle>
      {templateId && template.isSuccess && (
        <Alert
          type="success"
          showIcon
          className="rz-act-template-note"
          title={t.templateLoaded(template.data.title, template.data.keyDateName)}
        />
      )}
      {templateId && template.isError && (
        <Alert
          type="warning"
          showIcon
          className="rz-act-template-note"
          role="alert"
          title={t.templateFailed}
        />
      )}
      <Card>
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={{ kind: 'own', capacity: 20 }}
          onFinish={submit}
          requiredMark
        >
          <Form.Item
            name="title"
            label={t.name}
            rules={[{ required: true, whitespace: true, message: t.required(t.name) }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="kind" label={t.kind} rules={[{ required: true }]}>
            <Radio.Group
              options={activityKinds.map((k) => ({ value: k, label: at.labels.kind[k] }))}
              optionType="button"
            />
          </Form.Item>
          <Form.Item name="teamId" label={t.team} rules={[{ required: true, message: t.choose(t.team) }]}>
            <Select
              options={teamOptions}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t.teamPlaceholder}
              loading={teams.isLoading}
            />
          </Form.Item>
          <Form.Item label={t.region} help={t.regionHelp} htmlFor="rz-act-region">
            <Input id="rz-act-region" value={team ? team.regionPath || team.region.name : ''} readOnly />
          </Form.Item>
          {kind === 'central' && (
            <Form.Item name="participatingTeamIds" label={t.participating} extra={t.participatingHelp}>
              <Select
                mode="multiple"
                options={teamOptions.filter((o) => o.value !== teamId)}
                showSearch={{ optionFilterProp: 'label' }}
                allowClear
                loading={teams.isLoading}
              />
            </Form.Item>
          )}
          <Form.Item name="fieldId" label={t.field}>
            <Select
              options={(fields.data ?? []).map((f) => ({ value: f.id, label: f.name }))}
              allowClear
              loading={fields.isLoading}
            />
          </Form.Item>
          <Form.Item
            name="place"
            label={t.place}
            rules={[{ required: true, whitespace: true, message: t.required(t.place) }]}
          >
            <Input maxLength={120} />
          </Form.Item>
          <div className="rz-act-form-row">
            <Form.Item
              name="startsAt"
              label={t.startsAt}
              rules={[{ required: true, message: t.required(t.startsAt) }]}
            >
              <Input type="datetime-local" />
            </Form.Item>
            <Form.Item
              name="endsAt"
              label={t.endsAt}
              dependencies={['startsAt']}
              rules={[
                { required: true, message: t.required(t.endsAt) },
                ({ getFieldValue }) => ({
                  validator: (_, value: string | undefined) => {
                    const start = getFieldValue('startsAt') as string | undefined;
                    return !value || !start || Date.parse(value) > Date.parse(start)
                      ? Promise.resolve()
                      : Promise.reject(new Error(t.endAfterStart));
                  },
                }),
              ]}
            >
              <Input type="datetime-local" />
            </Form.Item>
          </div>
          <Form.Item
            name="capacity"
            label={t.capacity}
            rules={[{ required: true, message: t.required(t.capacity) }]}
          >
            <InputNumber min={1} max={100000} precision={0} className="rz-act-number" />
          </Form.Item>
          <Form.Item name="serviceObject" label={t.serviceObject}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="theme" label={t.theme}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="description" label={t.description}>
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
          <div className="rz-act-actions">
            <Button type="primary" htmlType="submit" loading={create.isPending}>
              {t.submit}
            </Button>
            <Button onClick={() => void navigate('/activities')}>{at.common.cancel}</Button>
          </div>
        </Form>
      </Card>
    </div>
  );
}
