import { Alert, App, Button, Card, Checkbox, Form, Input, Radio, Select, Skeleton, Space } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { organizationKindLabels } from '../../shared/identity';
import {
  integrationGrounds,
  teamCategories,
  teamInputSchema,
  type TeamCategory,
  type TeamDetail,
  type TeamInput,
} from '../../shared/registry';
import { errorMessage } from '../api';
import { useMe } from '../auth/session';
import { showFieldError, zodRule } from '../forms';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { rz } from './locale';
import { LoadFailed, TeamSelect } from './parts';
import { useOrganizationList, useSaveTeam, useServiceFields, useTeam } from './queries';
import { RegionCascader } from './RegionCascader';

const t = rz.teams.form;
const FORM = 'team-form';

interface TeamValues {
  name: string;
  category: TeamCategory;
  integrationGrounds: string[];
  organizationId?: string;
  hostName?: string;
  regionCode?: string;
  parentId?: string;
  fieldIds: string[];
  leaderName: string;
  contactPhone?: string;
  foundedOn?: string;
  description?: string;
}

const serverFields = [
  'name',
  'category',
  'integrationGrounds',
  'organizationId',
  'hostName',
  'regionCode',
  'parentId',
  'fieldIds',
  'leaderName',
  'contactPhone',
  'foundedOn',
  'description',
];

const today = () => new Date().toISOString().slice(0, 10);

function toInput(v: TeamValues): TeamInput {
  const hosted = v.category === 'unit' || v.category === 'social';
  return {
    name: v.name.trim(),
    category: v.category,
    integrationGrounds: (v.category === 'integrated'
      ? v.integrationGrounds
      : []) as TeamInput['integrationGrounds'],
    regionCode: v.regionCode ?? '',
    organizationId: hosted ? (v.organizationId ?? null) : null,
    hostName: v.hostName?.trim() || null,
    parentId: v.parentId || null,
    fieldIds: v.fieldIds ?? [],
    leaderName: v.leaderName.trim(),
    contactPhone: v.contactPhone?.trim() ?? '',
    foundedOn: v.foundedOn || null,
    description: v.description?.trim() ?? '',
  };
}

function valuesOf(team: TeamDetail): TeamValues {
  return {
    name: team.name,
    category: team.category,
    integrationGrounds: team.integrationGrounds,
    organizationId: team.organizationId ?? undefined,
    hostName: team.hostName ?? undefined,
    regionCode: team.region.code,
    parentId: team.parentId ?? undefined,
    fieldIds: team.fieldIds,
    leaderName: team.leaderName,
    // The server shows the number masked only: it is typed again to keep it (see the field's note).
    contactPhone: '',
    foundedOn: team.foundedOn ?? undefined,
    description: team.description,
  };
}

function OrganizationField({ category }: { category: 'unit' | 'social' }) {
  const organizations = useOrganizationList();
  const items = (organizations.data ?? []).filter((o) => o.kind === category);
  return (
    <Form.Item
      name="organizationId"
      label={t.organization(organizationKindLabels[category])}
      rules={[{ required: true, message: t.organizationRequired }]}
    >
      <Select
        placeholder={t.organizationPlaceholder}
        loading={organizations.isPending}
        showSearch={{ optionFilterProp: 'label' }}
        options={items.map((o) => ({ value: o.id, label: o.name }))}
        notFoundContent={organizations.isPending ? rz.common.loading : t.organizationEmpty}
      />
    </Form.Item>
  );
}

function TeamForm({ team }: { team?: TeamDetail }) {
  const me = useMe();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { message } = App.useApp();
  const [form] = Form.useForm<TeamValues>();
  const save = useSaveTeam();
  const fields = useServiceFields();
  const [formError, setFormError] = useState<string | null>(null);
  const category = Form.useWatch('category', form);
  const orgStaff = me.account.role === 'org_admin';
  const allowed = orgStaff ? teamCategories.filter((c) => c === 'unit' || c === 'social') : teamCategories;

  const initial: TeamValues = team
    ? valuesOf(team)
    : {
        name: '',
        category: orgStaff ? 'unit' : 'station',
        integrationGrounds: [],
        regionCode: me.account.region?.code,
        // A team leader registers sub-teams (分队) of their own team only.
        parentId: params.get('parentId') ?? me.account.teamId ?? undefined,
        fieldIds: [],
        leaderName: '',
        organizationId: me.account.organization?.id,
      };

  const submit = (values: TeamValues) => {
    setFormError(null);
    save.mutate(
      { id: team?.id, input: toInput(values), version: team?.version },
      {
        onSuccess: (saved) => {
          void message.success(team ? t.saved : t.created);
          navigate(`/teams/${saved.id}`);
        },
        onError: (error) => {
          if (!showFieldError(form, error, serverFields)) setFormError(errorMessage(error));
        },
      },
    );
  };

  return (
    <Card>
      {formError && <Alert type="error" showIcon title={formError} className="rz-form-alert" />}
      <Form<TeamValues>
        form={form}
        name={FORM}
        layout="vertical"
        initialValues={initial}
        onFinish={submit}
        disabled={save.isPending}
        className="rz-reg-form"
        scrollToFirstError={{ block: 'center' }}
      >
        <Form.Item name="name" label={t.name} required rules={[zodRule(teamInputSchema.shape.name)]}>
          <Input maxLength={60} placeholder={t.namePlaceholder} autoComplete="off" />
        </Form.Item>
        <Form.Item name="category" label={t.category} rules={[{ required: true }]}>
          <Radio.Group aria-label={t.category} className="rz-reg-category-group">
            {allowed.map((c) => (
              <Radio key={c} value={c} className="rz-reg-category-option">
                <span className="rz-reg-category-name">{rz.labels.category[c]}</span>
                <span className="rz-reg-category-help">{t.categoryHelp[c]}</span>
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        {category === 'integrated' && (
          <Form.Item
            name="integrationGrounds"
            label={t.grounds}
            rules={[{ type: 'array', min: 1, required: true, message: t.groundsRequired }]}
          >
            <Checkbox.Group
              aria-label={t.grounds}
              options={integrationGrounds.map((g) => ({ value: g, label: rz.labels.ground[g] }))}
            />
          </Form.Item>
        )}
        {(category === 'unit' || category === 'social') && <OrganizationField category={category} />}
        {(category === 'station' || category === 'integrated') && (
          <Form.Item name="hostName" label={t.host}>
            <Input maxLength={100} placeholder={t.hostPlaceholder} autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item
          name="regionCode"
          label={t.region}
          extra={t.regionHelp}
          rules={[{ required: true, message: t.regionRequired }]}
        >
          <RegionCascader id={`${FORM}_regionCode`} allowClear={false} />
        </Form.Item>
        <Form.Item name="parentId" label={t.parent} extra={t.parentHelp}>
          <TeamSelect id={`${FORM}_parentId`} exclude={team?.id} />
        </Form.Item>
        <Form.Item name="fieldIds" label={t.fields}>
          <Select
            mode="multiple"
            placeholder={t.fieldsPlaceholder}
            loading={fields.isPending}
            showSearch={{ optionFilterProp: 'label' }}
            options={(fields.data ?? []).map((f) => ({ value: f.id, label: f.name }))}
          />
        </Form.Item>
        <div className="rz-reg-form-row">
          <Form.Item
            name="leaderName"
            label={t.leader}
            required
            rules={[zodRule(teamInputSchema.shape.leaderName)]}
          >
            <Input maxLength={30} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="contactPhone"
            label={t.contactPhone}
            extra={team?.contactPhone ? t.contactPhoneKept(team.contactPhone) : undefined}
            rules={[zodRule(teamInputSchema.shape.contactPhone)]}
          >
            <Input
              maxLength={20}
              inputMode="tel"
              placeholder={t.contactPhonePlaceholder}
              autoComplete="off"
            />
          </Form.Item>
          <Form.Item name="foundedOn" label={t.founded}>
            <Input type="date" max={today()} />
          </Form.Item>
        </div>
        <Form.Item
          name="description"
          label={t.description}
          rules={[zodRule(teamInputSchema.shape.description)]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t.descriptionPlaceholder} />
        </Form.Item>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {team ? t.saveChanges : t.saveDraft}
          </Button>
          <Button onClick={() => navigate(team ? `/teams/${team.id}` : '/teams')}>{rz.common.cancel}</Button>
        </Space>
      </Form>
    </Card>
  );
}

/** 新建队伍 / 编辑队伍: saved as a draft; 提交登记 happens on the team's page. */
export function TeamFormPage() {
  const { id } = useParams();
  const team = useTeam(id);
  const title = id ? (team.data ? t.editTitle(team.data.name) : rz.teams.form.editTitle('')) : t.createTitle;
  useDocumentTitle(id ? rz.common.edit : t.createTitle);

  if (id && team.isError)
    return (
      <LoadFailed
        error={team.error}
        notFound={rz.teams.detail.notFound}
        onRetry={() => void team.refetch()}
        backTo="/teams"
        backLabel={rz.teams.listTitle}
      />
    );

  return (
    <div className="rz-page rz-page-narrow rz-reg-page">
      <PageTitle>{title}</PageTitle>
      {id && !team.data ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : team.data && !team.data.canEdit ? (
        <Alert type="warning" showIcon title={t.editNotAllowed} />
      ) : (
        <TeamForm key={team.data?.id ?? 'new'} team={team.data} />
      )}
    </div>
  );
}
