import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
} from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ageOn, parseIdCard } from '../../shared/idcard';
import { phoneSchema } from '../../shared/identity';
import {
  idCardSchema,
  memberRoles,
  veteranKinds,
  volunteerInputSchema,
  type MemberRole,
  type VolunteerInput,
} from '../../shared/registry';
import { ApiError, errorMessage } from '../api';
import { useMe } from '../auth/session';
import { showFieldError, zodRule } from '../forms';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';

import { genderLabel, rz } from './locale';
import { TeamSelect } from './parts';
import { useRegisterVolunteer, useRequestJoin } from './queries';
import { RegionCascader } from './RegionCascader';

const t = rz.volunteers.form;
const FORM = 'volunteer-form';

interface VolunteerValues {
  name: string;
  idCard: string;
  phone?: string;
  residenceCode?: string;
  isVeteran: boolean;
  veteranKind?: (typeof veteranKinds)[number];
  branch?: string;
  serviceYears?: number | null;
  partyMember: boolean;
  veteranSecretary: boolean;
  skills?: string;
  publicityConsent: boolean;
  teamId?: string;
  role: MemberRole;
}

const serverFields = [
  'name',
  'idCard',
  'phone',
  'residenceCode',
  'isVeteran',
  'veteranKind',
  'branch',
  'serviceYears',
  'skills',
  'teamId',
  'role',
];

type Conflict =
  | { kind: 'exists'; volunteerId: string; teamId?: string }
  | { kind: 'elsewhere'; idCard: string; teamId?: string };

function toInput(v: VolunteerValues): VolunteerInput {
  return {
    name: v.name.trim(),
    idCard: v.idCard.trim().toUpperCase(),
    phone: v.phone?.trim() || null,
    residenceCode: v.residenceCode ?? '',
    isVeteran: v.isVeteran,
    veteranKind: v.isVeteran ? (v.veteranKind ?? null) : null,
    branch: v.isVeteran ? v.branch?.trim() || null : null,
    serviceYears: v.isVeteran ? (v.serviceYears ?? null) : null,
    partyMember: v.partyMember,
    veteranSecretary: v.veteranSecretary,
    skills: v.skills?.trim() ?? '',
    publicityConsent: v.publicityConsent,
    ...(v.teamId ? { teamId: v.teamId } : {}),
    role: v.role,
  };
}

/** The phone is optional; when given it must be a mainland mobile number (the same rule as the server). */
const optionalPhone = {
  validator: async (_rule: unknown, value?: string) => {
    if (!value?.trim()) return;
    const result = phoneSchema.safeParse(value);
    if (!result.success) throw new Error(result.error.issues[0]?.message ?? '');
  },
};

/** What the ID number says, as it is typed: birth date, gender and age, or why it is not valid. */
function IdCardFacts({ value }: { value: string | undefined }) {
  const text = (value ?? '').trim();
  let content: ReactNode = t.idCardWaiting;
  let className = 'rz-reg-idcard-facts';
  if (text.length >= 18) {
    const facts = parseIdCard(text);
    if ('error' in facts) {
      content = facts.error;
      className += ' rz-reg-idcard-invalid';
    } else {
      content = t.idCardFacts(facts.birthDate, genderLabel(facts.gender), ageOn(facts.birthDate));
      className += ' rz-reg-idcard-valid';
    }
  }
  return (
    <span className={className} aria-live="polite">
      {content}
    </span>
  );
}

function JoinRequestModal({
  conflict,
  onClose,
}: {
  conflict: Extract<Conflict, { kind: 'elsewhere' }> | null;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ teamId?: string; role: MemberRole }>();
  const request = useRequestJoin();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open={conflict !== null}
      title={t.joinTitle}
      okText={t.joinSubmit}
      cancelText={rz.common.cancel}
      okButtonProps={{ loading: request.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} className="rz-form-alert" />}
      <Form
        form={form}
        name="join-request"
        layout="vertical"
        initialValues={{ teamId: conflict?.teamId, role: 'member' }}
        onFinish={({ teamId, role }) => {
          if (!conflict || !teamId) return;
          setError(null);
          request.mutate(
            { idCard: conflict.idCard, teamId, role },
            {
              onSuccess: () => {
                void message.success(t.joinSent);
                onClose();
              },
              onError: (e) => {
                if (!showFieldError(form, e, ['teamId'])) setError(errorMessage(e));
              },
            },
          );
        }}
      >
        <Form.Item name="teamId" label={t.joinTeam} rules={[{ required: true, message: t.joinTeamRequired }]}>
          <TeamSelect id="join-request_teamId" />
        </Form.Item>
        <Form.Item name="role" label={t.role}>
          <Select options={memberRoles.map((r) => ({ value: r, label: rz.labels.role[r] }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ConflictNotice({ conflict, onRequestJoin }: { conflict: Conflict; onRequestJoin: () => void }) {
  if (conflict.kind === 'exists') {
    const addTeam = `/volunteers/${conflict.volunteerId}?addTeam=1${conflict.teamId ? `&teamId=${conflict.teamId}` : ''}`;
    return (
      <Alert
        type="warning"
        showIcon
        className="rz-form-alert rz-reg-conflict"
        title={t.exists}
        description={
          <div className="rz-reg-conflict-body">
            <p>{t.existsText}</p>
            <Space wrap>
              <Link to={`/volunteers/${conflict.volunteerId}`} className="rz-reg-strong-link">
                {t.viewExisting}
              </Link>
              <Link to={addTeam} className="rz-reg-strong-link">
                {t.addTeamToExisting}
              </Link>
            </Space>
          </div>
        }
      />
    );
  }
  return (
    <Alert
      type="warning"
      showIcon
      className="rz-form-alert rz-reg-conflict"
      title={t.elsewhere}
      description={
        <div className="rz-reg-conflict-body">
          <p>{t.elsewhereText}</p>
          <Button type="primary" onClick={onRequestJoin}>
            {t.requestJoin}
          </Button>
        </div>
      }
    />
  );
}

/** 登记志愿者: one person, one record; the ID number is checked here and again on the server. */
export function VolunteerFormPage() {
  useDocumentTitle(t.title);
  const me = useMe();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { message } = App.useApp();
  const [form] = Form.useForm<VolunteerValues>();
  const register = useRegisterVolunteer();
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [joining, setJoining] = useState(false);
  const idCard = Form.useWatch('idCard', form);
  const isVeteran = Form.useWatch('isVeteran', form);

  const submit = (values: VolunteerValues) => {
    setFormError(null);
    setConflict(null);
    const input = toInput(values);
    register.mutate(input, {
      onSuccess: (v) => {
        void message.success(t.created);
        navigate(`/volunteers/${v.id}`);
      },
      onError: (error) => {
        if (error instanceof ApiError && error.code === 'VOLUNTEER_EXISTS') {
          const volunteerId = error.details?.volunteerId;
          if (typeof volunteerId === 'string') {
            setConflict({ kind: 'exists', volunteerId, teamId: values.teamId });
            return;
          }
        }
        if (error instanceof ApiError && error.code === 'VOLUNTEER_ELSEWHERE') {
          setConflict({ kind: 'elsewhere', idCard: input.idCard, teamId: values.teamId });
          return;
        }
        if (!showFieldError(form, error, serverFields)) setFormError(errorMessage(error));
      },
    });
  };

  return (
    <div className="rz-page rz-page-narrow rz-reg-page">
      <PageTitle>{t.title}</PageTitle>
      <Card>
        {formError && <Alert type="error" showIcon title={formError} className="rz-form-alert" />}
        {conflict && <ConflictNotice conflict={conflict} onRequestJoin={() => setJoining(true)} />}
        <Form<VolunteerValues>
          form={form}
          name={FORM}
          layout="vertical"
          onFinish={submit}
          disabled={register.isPending}
          className="rz-reg-form"
          scrollToFirstError={{ block: 'center' }}
          initialValues={{
            residenceCode: me.account.region?.code,
            isVeteran: true,
            partyMember: false,
            veteranSecretary: false,
            publicityConsent: false,
            teamId: params.get('teamId') ?? undefined,
            role: 'member',
          }}
          onValuesChange={(changed: Partial<VolunteerValues>) => {
            if ('idCard' in changed && conflict) setConflict(null);
          }}
        >
          <h2 className="rz-reg-form-section">{t.personTitle}</h2>
          <div className="rz-reg-form-row">
            <Form.Item name="name" label={t.name} required rules={[zodRule(volunteerInputSchema.shape.name)]}>
              <Input maxLength={30} autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="idCard"
              label={t.idCard}
              required
              validateTrigger="onBlur"
              rules={[zodRule(idCardSchema)]}
              extra={<IdCardFacts value={idCard} />}
            >
              <Input
                maxLength={18}
                placeholder={t.idCardPlaceholder}
                autoComplete="off"
                spellCheck={false}
                className="rz-mono"
              />
            </Form.Item>
            <Form.Item name="phone" label={t.phone} validateTrigger="onBlur" rules={[optionalPhone]}>
              <Input maxLength={11} inputMode="numeric" placeholder={t.phonePlaceholder} autoComplete="off" />
            </Form.Item>
          </div>
          <Form.Item
            name="residenceCode"
            label={t.residence}
            extra={t.residenceHelp}
            rules={[{ required: true, message: t.residenceRequired }]}
          >
            <RegionCascader id={`${FORM}_residenceCode`} allowClear={false} />
          </Form.Item>

          <h2 className="rz-reg-form-section">{t.veteranTitle}</h2>
          <Form.Item name="isVeteran" label={t.isVeteran}>
            <Radio.Group
              aria-label={t.isVeteran}
              options={[
                { value: true, label: rz.common.yes },
                { value: false, label: rz.common.no },
              ]}
            />
          </Form.Item>
          {isVeteran && (
            <div className="rz-reg-form-row">
              <Form.Item name="veteranKind" label={t.veteranKind}>
                <Select
                  allowClear
                  placeholder={t.veteranKindPlaceholder}
                  options={veteranKinds.map((k) => ({ value: k, label: rz.labels.veteranKind[k] }))}
                />
              </Form.Item>
              <Form.Item name="branch" label={t.branch}>
                <Input maxLength={20} placeholder={t.branchPlaceholder} autoComplete="off" />
              </Form.Item>
              <Form.Item name="serviceYears" label={t.serviceYears}>
                <InputNumber min={0} max={60} precision={0} className="rz-reg-number" />
              </Form.Item>
            </div>
          )}
          <Form.Item name="partyMember" valuePropName="checked" className="rz-reg-check">
            <Checkbox>{t.partyMember}</Checkbox>
          </Form.Item>
          <Form.Item name="veteranSecretary" valuePropName="checked" className="rz-reg-check">
            <Checkbox>{t.veteranSecretary}</Checkbox>
          </Form.Item>
          <Form.Item name="skills" label={t.skills}>
            <Input maxLength={200} placeholder={t.skillsPlaceholder} autoComplete="off" />
          </Form.Item>
          <Form.Item name="publicityConsent" valuePropName="checked" className="rz-reg-check">
            <Checkbox>{t.publicityConsent}</Checkbox>
          </Form.Item>

          <h2 className="rz-reg-form-section">{t.teamTitle}</h2>
          <div className="rz-reg-form-row">
            <Form.Item name="teamId" label={t.team} extra={t.teamHelp}>
              <TeamSelect id={`${FORM}_teamId`} />
            </Form.Item>
            <Form.Item name="role" label={t.role}>
              <Select options={memberRoles.map((r) => ({ value: r, label: rz.labels.role[r] }))} />
            </Form.Item>
          </div>
          <Space wrap>
            <Button type="primary" htmlType="submit" loading={register.isPending}>
              {t.submit}
            </Button>
            <Button onClick={() => navigate('/volunteers')}>{rz.common.cancel}</Button>
          </Space>
        </Form>
      </Card>
      <JoinRequestModal
        conflict={joining && conflict?.kind === 'elsewhere' ? conflict : null}
        onClose={() => setJoining(false)}
      />
    </div>
  );
}
