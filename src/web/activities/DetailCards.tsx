import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  type TableColumnsType,
} from 'antd';
import { useEffect, useState } from 'react';
import {
  outputKinds,
  type Activity,
  type AttendanceRow,
  type RecordRequest,
  type ServiceRecord,
} from '../../shared/activities';
import { ApiError, errorMessage } from '../api';
import { at } from './locale';
import { Failed, formatDateTime } from './parts';
import {
  useActivityRecords,
  useAttendance,
  useCancelMemberSignUp,
  useConfirmRecords,
  useCorrectRecord,
  useDecideRequest,
  useMakeRecords,
  useOutputs,
  useRecordRequests,
  useReviewAttendance,
  useSaveOutputs,
  useSignups,
  type OutputKind,
  type SignupRow,
} from './queries';

const t = at.detail;
const tone = (color: 'green' | 'orange' | 'blue' | 'default') => `rz-act-tag rz-act-tag-${color}`;
const time = (iso: string | null) => (iso ? formatDateTime(iso).split(' ')[1] : at.common.none);

/** 报名名单: accepted and waitlisted in order; staff cancel a member's sign-up (the waitlist moves up). */
export function SignupsCard({ activity: a }: { activity: Activity }) {
  const { message } = App.useApp();
  const list = useSignups(a.id);
  const cancel = useCancelMemberSignUp(a.id);
  const open = a.status === 'published' || a.status === 'ongoing';
  const columns: TableColumnsType<SignupRow> = [
    { title: t.colName, dataIndex: 'name' },
    { title: t.colNo, dataIndex: 'volunteerNo', responsive: ['md'] },
    {
      title: t.colPosition,
      key: 'status',
      render: (_, r) =>
        r.status === 'accepted' ? (
          <Tag className="rz-act-tag rz-act-tag-green">{t.signedAccepted}</Tag>
        ) : (
          <Tag className="rz-act-tag rz-act-tag-orange">{t.waitPosition(r.position)}</Tag>
        ),
    },
    {
      title: t.colCheck,
      key: 'check',
      render: (_, r) => (r.checkInAt ? `${time(r.checkInAt)} – ${time(r.checkOutAt)}` : at.common.none),
    },
  ];
  if (open)
    columns.push({
      title: t.colActions,
      key: 'actions',
      render: (_, r) =>
        r.checkInAt ? null : (
          <Popconfirm
            title={t.cancelSignupConfirm(r.name)}
            okText={t.cancelSignup}
            cancelText={at.common.back}
            onConfirm={() =>
              cancel.mutateAsync(r.volunteerId).then(
                () => void message.success(t.cancelSignupDone(r.name)),
                (e: unknown) => void message.error(errorMessage(e)),
              )
            }
          >
            <Button size="small" danger aria-label={`${t.cancelSignup}：${r.name}（${r.volunteerNo}）`}>
              {t.cancelSignup}
            </Button>
          </Popconfirm>
        ),
    });
  return (
    <Card title={<h2 className="rz-card-heading">{t.signupListTitle}</h2>}>
      <p className="rz-act-help">{t.signupListHelp}</p>
      {list.isError ? (
        <Failed error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<SignupRow>
          rowKey="volunteerId"
          className="rz-act-signup-list"
          columns={columns}
          dataSource={list.data ?? []}
          loading={list.isLoading}
          locale={{ emptyText: t.noSignups }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
        />
      )}
    </Card>
  );
}

/** 签到情况与确认: what became of each check-in, and the leader's confirmation of fixed-code ones. */
export function AttendanceCard({ activity: a }: { activity: Activity }) {
  const { message } = App.useApp();
  const rows = useAttendance(a.id);
  const review = useReviewAttendance(a.id);
  const [selected, setSelected] = useState<string[]>([]);
  const [rejecting, setRejecting] = useState(false);
  const [form] = Form.useForm<{ note: string }>();
  if (rows.error instanceof ApiError && rows.error.status === 403) return null;
  const decide = (decision: 'confirm' | 'reject', note?: string) =>
    review.mutate(
      { volunteerIds: selected, decision, note },
      {
        onSuccess: () => {
          const n = selected.length;
          setSelected([]);
          setRejecting(false);
          void message.success(decision === 'confirm' ? t.attendanceConfirmed(n) : t.attendanceRejected(n));
        },
        onError: (e) => void message.error(errorMessage(e)),
      },
    );
  const columns: TableColumnsType<AttendanceRow> = [
    { title: t.colName, dataIndex: 'name' },
    {
      title: t.colMethod,
      key: 'method',
      render: (_, r) => (
        <Space size={4} wrap>
          <span>{at.labels.method[r.method]}</span>
          {r.autoClosed && <Tag className={tone('default')}>{t.autoClosed}</Tag>}
        </Space>
      ),
    },
    { title: t.colCheck, key: 'check', render: (_, r) => `${time(r.checkInAt)} – ${time(r.checkOutAt)}` },
    {
      title: t.colMinutes,
      dataIndex: 'minutes',
      render: (m: number | null) => (m === null ? at.common.none : t.minutes(m)),
    },
    {
      title: t.colOutcome,
      key: 'outcome',
      render: (_, r) => (
        <span className={`rz-act-outcome rz-act-outcome-${r.outcome}`}>
          <Tag
            className={tone(
              r.outcome === 'recorded' || r.outcome === 'ready'
                ? 'green'
                : r.outcome === 'awaiting_review'
                  ? 'orange'
                  : r.outcome === 'open'
                    ? 'blue'
                    : 'default',
            )}
          >
            {at.labels.outcome[r.outcome]}
          </Tag>
          {r.reviewNote && <span className="rz-act-note">{r.reviewNote}</span>}
        </span>
      ),
    },
  ];
  const reviewable = (rows.data ?? []).some((r) => r.canReview);
  return (
    <Card title={<h2 className="rz-card-heading">{t.attendanceTitle}</h2>}>
      <p className="rz-act-help">{t.attendanceHelp}</p>
      {reviewable && (
        <div className="rz-act-actions">
          <Button
            type="primary"
            disabled={selected.length === 0}
            loading={review.isPending}
            onClick={() => decide('confirm')}
          >
            {t.confirmAttendance}
          </Button>
          <Button danger disabled={selected.length === 0} onClick={() => setRejecting(true)}>
            {t.rejectAttendance}
          </Button>
        </div>
      )}
      {rows.isError ? (
        <Failed error={rows.error} onRetry={() => void rows.refetch()} />
      ) : (
        <Table<AttendanceRow>
          rowKey="volunteerId"
          className="rz-act-attendance"
          columns={columns}
          dataSource={rows.data ?? []}
          loading={rows.isLoading}
          locale={{ emptyText: t.noAttendance }}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          rowSelection={
            reviewable
              ? {
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys as string[]),
                  getCheckboxProps: (r) => ({
                    disabled: !r.canReview || !r.checkOutAt,
                    'aria-label': `${r.name}（${r.volunteerNo}）`,
                  }),
                }
              : undefined
          }
        />
      )}
      <Modal
        open={rejecting}
        title={t.rejectTitle}
        okText={t.rejectAttendance}
        okButtonProps={{ danger: true }}
        cancelText={at.common.back}
        confirmLoading={review.isPending}
        onCancel={() => setRejecting(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={({ note }) => decide('reject', note)}>
          <Form.Item
            name="note"
            label={t.rejectNote}
            rules={[{ required: true, whitespace: true, message: t.reasonRequired }]}
          >
            <Input.TextArea rows={3} maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** 服务记录: generate, confirm, and correct (a new linked record; the chain is shown). */
export function RecordsCard({ activity: a }: { activity: Activity }) {
  const { message } = App.useApp();
  const records = useActivityRecords(a.id);
  const make = useMakeRecords(a.id);
  const confirm = useConfirmRecords(a.id);
  const correct = useCorrectRecord(a.id);
  const [selected, setSelected] = useState<string[]>([]);
  const [correcting, setCorrecting] = useState<ServiceRecord | null>(null);
  const [form] = Form.useForm<{ minutes: number; reason: string }>();
  const all = records.data ?? [];
  const byId = new Map(all.map((r) => [r.id, r]));
  const columns: TableColumnsType<ServiceRecord> = [
    { title: t.colName, dataIndex: 'volunteerName' },
    { title: t.colDate, dataIndex: 'serviceDate' },
    { title: t.colMinutes, dataIndex: 'minutes', render: (m: number) => t.minutes(m) },
    {
      title: t.colRecordStatus,
      dataIndex: 'status',
      render: (s: ServiceRecord['status']) => (
        <Tag className={tone(s === 'confirmed' ? 'green' : s === 'pending' ? 'orange' : 'default')}>
          {t.recordStatus[s]}
        </Tag>
      ),
    },
    {
      title: t.colChain,
      key: 'chain',
      render: (_, r) =>
        r.correctsId ? (
          <span className="rz-act-chain">
            {byId.has(r.correctsId) ? `${t.correctedFrom(byId.get(r.correctsId)!.minutes)}；` : ''}
            {r.correctionReason}
          </span>
        ) : (
          at.common.none
        ),
    },
    {
      title: t.colActions,
      key: 'actions',
      render: (_, r) =>
        r.status === 'confirmed' ? (
          <Button
            size="small"
            onClick={() => {
              form.setFieldsValue({ minutes: r.minutes, reason: '' });
              setCorrecting(r);
            }}
            aria-label={`${t.correct}：${r.volunteerName}`}
          >
            {t.correct}
          </Button>
        ) : null,
    },
  ];
  return (
    <Card title={<h2 className="rz-card-heading">{t.recordsTitle}</h2>}>
      <p className="rz-act-help">{t.recordsHelp}</p>
      <div className="rz-act-actions">
        <Button
          loading={make.isPending}
          onClick={() =>
            make.mutate(undefined, {
              onSuccess: (r) =>
                void message.success(t.madeRecords(r.items.filter((x) => x.status === 'pending').length)),
              onError: (e) => void message.error(errorMessage(e)),
            })
          }
        >
          {t.makeRecords}
        </Button>
        <Button
          type="primary"
          disabled={selected.length === 0}
          loading={confirm.isPending}
          onClick={() =>
            confirm.mutate(selected, {
              onSuccess: () => {
                void message.success(t.confirmed(selected.length));
                setSelected([]);
              },
              onError: (e) => void message.error(errorMessage(e)),
            })
          }
        >
          {t.confirmSelected}
        </Button>
      </div>
      {records.isError ? (
        <Failed error={records.error} onRetry={() => void records.refetch()} />
      ) : (
        <Table<ServiceRecord>
          rowKey="id"
          className="rz-act-records"
          columns={columns}
          dataSource={all}
          loading={records.isLoading}
          locale={{ emptyText: t.noRecords }}
          pagination={false}
          scroll={{ x: 'max-content' }}
          rowClassName={(r) => (r.status === 'superseded' ? 'rz-act-superseded' : '')}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => setSelected(keys as string[]),
            getCheckboxProps: (r) => ({ disabled: r.status !== 'pending', 'aria-label': r.volunteerName }),
          }}
        />
      )}
      <Modal
        open={!!correcting}
        title={correcting ? t.correctTitle(correcting.volunteerName) : ''}
        okText={t.correct}
        cancelText={at.common.back}
        confirmLoading={correct.isPending}
        onCancel={() => setCorrecting(null)}
        onOk={() => form.submit()}
        forceRender
      >
        <p className="rz-act-help">{t.correctHelp}</p>
        <Form
          form={form}
          layout="vertical"
          onFinish={({ minutes, reason }) =>
            correcting &&
            correct.mutate(
              { recordId: correcting.id, minutes, reason },
              {
                onSuccess: () => {
                  setCorrecting(null);
                  void message.success(t.correctDone);
                },
                onError: (e) => void message.error(errorMessage(e)),
              },
            )
          }
        >
          <Form.Item
            name="minutes"
            label={t.correctMinutes}
            rules={[{ required: true, message: at.form.required(t.correctMinutes) }]}
          >
            <InputNumber min={1} max={1440} precision={0} className="rz-act-number" />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t.correctReason}
            rules={[{ required: true, whitespace: true, min: 2, message: t.reasonRequired }]}
          >
            <Input.TextArea rows={3} maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** Correction requests: accept (the correction is made) or reject with a reason. */
export function RequestsTable({
  activityId,
  status,
}: {
  activityId?: string;
  status?: RecordRequest['status'];
}) {
  const { message } = App.useApp();
  const requests = useRecordRequests({ activityId, status });
  const decide = useDecideRequest();
  const [rejecting, setRejecting] = useState<RecordRequest | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const columns: TableColumnsType<RecordRequest> = [
    { title: at.requests.colVolunteer, dataIndex: 'volunteerName' },
    ...(activityId ? [] : [{ title: at.requests.colActivity, dataIndex: 'activityName' }]),
    { title: at.requests.colDate, dataIndex: 'serviceDate' },
    { title: t.colCurrent, dataIndex: 'currentMinutes', render: (m: number) => t.minutes(m) },
    { title: t.colRequested, dataIndex: 'minutes', render: (m: number) => t.minutes(m) },
    { title: t.colReason, dataIndex: 'reason' },
    {
      title: at.requests.colDecision,
      key: 'status',
      render: (_, r) =>
        r.status === 'pending' ? (
          <Space wrap>
            <Popconfirm
              title={`${t.accept}：${t.minutes(r.currentMinutes)} → ${t.minutes(r.minutes)}`}
              okText={t.accept}
              cancelText={at.common.back}
              onConfirm={() =>
                decide.mutateAsync({ id: r.id, decision: 'accept' }).then(
                  () => void message.success(t.requestAccepted),
                  (e: unknown) => void message.error(errorMessage(e)),
                )
              }
            >
              <Button size="small" type="primary" aria-label={`${t.accept}：${r.volunteerName}`}>
                {t.accept}
              </Button>
            </Popconfirm>
            <Button
              size="small"
              danger
              onClick={() => setRejecting(r)}
              aria-label={`${t.reject}：${r.volunteerName}`}
            >
              {t.reject}
            </Button>
          </Space>
        ) : (
          <span>
            <Tag className={tone(r.status === 'accepted' ? 'green' : 'default')}>
              {at.labels.request[r.status]}
            </Tag>
            {r.decisionNote}
          </span>
        ),
    },
  ];
  return (
    <>
      {requests.isError ? (
        <Failed error={requests.error} onRetry={() => void requests.refetch()} />
      ) : (
        <Table<RecordRequest>
          rowKey="id"
          className="rz-act-requests"
          columns={columns}
          dataSource={requests.data ?? []}
          loading={requests.isLoading}
          locale={{ emptyText: t.noRequests }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
        />
      )}
      <Modal
        open={!!rejecting}
        title={t.rejectRequestTitle}
        okText={t.reject}
        okButtonProps={{ danger: true }}
        cancelText={at.common.back}
        confirmLoading={decide.isPending}
        onCancel={() => setRejecting(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={({ reason }) =>
            rejecting &&
            decide.mutate(
              { id: rejecting.id, decision: 'reject', reason },
              {
                onSuccess: () => {
                  setRejecting(null);
                  void message.success(t.requestRejected);
                },
                onError: (e) => void message.error(errorMessage(e)),
              },
            )
          }
        >
          <Form.Item
            name="reason"
            label={t.rejectReason}
            rules={[{ required: true, whitespace: true, min: 2, message: t.reasonRequired }]}
          >
            <Input.TextArea rows={3} maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export function RequestsCard({ activity: a }: { activity: Activity }) {
  return (
    <Card title={<h2 className="rz-card-heading">{t.requestsTitle}</h2>}>
      <RequestsTable activityId={a.id} />
    </Card>
  );
}

/** 活动成果: the saved values are shown and can be changed by the organiser (also after completion). */
export function OutputsCard({ activity: a }: { activity: Activity }) {
  const { message } = App.useApp();
  const outputs = useOutputs(a.id);
  const save = useSaveOutputs(a.id);
  const [form] = Form.useForm<Partial<Record<OutputKind, number | null>>>();
  const saved = outputs.data;
  useEffect(() => {
    if (saved)
      form.setFieldsValue(
        Object.fromEntries(outputKinds.map((k) => [k, saved.find((o) => o.kind === k)?.quantity ?? null])),
      );
  }, [saved, form]);
  return (
    <Card title={<h2 className="rz-card-heading">{t.outputsTitle}</h2>}>
      <p className="rz-act-help">{t.outputsHelp}</p>
      {saved && saved.length > 0 ? (
        <Descriptions column={{ xs: 1, md: 3 }} className="rz-act-outputs-saved" size="small">
          {saved.map((o) => (
            <Descriptions.Item key={o.kind} label={at.labels.output[o.kind].name}>
              {o.quantity.toLocaleString('zh-CN')} {at.labels.output[o.kind].unit}
            </Descriptions.Item>
          ))}
        </Descriptions>
      ) : (
        outputs.isSuccess && <p className="rz-act-help">{t.outputsNone}</p>
      )}
      {a.canManage && (
        <Form
          form={form}
          layout="vertical"
          className="rz-act-outputs"
          onFinish={(values) =>
            save.mutate(
              outputKinds
                .filter((k) => typeof values[k] === 'number')
                .map((k) => ({ kind: k, quantity: values[k] as number })),
              {
                onSuccess: () => void message.success(t.outputsSaved),
                onError: (e) => void message.error(errorMessage(e)),
              },
            )
          }
        >
          <div className="rz-act-outputs-grid">
            {outputKinds.map((k) => (
              <Form.Item
                key={k}
                name={k}
                label={`${at.labels.output[k].name}（${at.labels.output[k].unit}）`}
              >
                <InputNumber min={0} max={10_000_000} precision={0} className="rz-act-number" />
              </Form.Item>
            ))}
          </div>
          <Button htmlType="submit" loading={save.isPending}>
            {t.outputsSave}
          </Button>
        </Form>
      )}
    </Card>
  );
}
