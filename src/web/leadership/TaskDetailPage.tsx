import { App, Button, Card, Descriptions, Form, Input, Select, Space, Timeline } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { api, ApiError, errorMessage } from '../api';
import { useMe } from '../auth/session';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { lt } from './locale';
import { Failed, formatDay, formatTime, Loading, mayReport, StatusTag } from './parts';
import { useLeadershipMutation, useTask, type TaskStatus } from './queries';

const t = lt.task;

interface ReportValues {
  status: TaskStatus;
  evidence: string;
  links?: string;
}

/** One county's share of a task: facts, progress history, and (for the county) the report form. */
export function TaskDetailPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReportValues>();
  const task = useTask(id);
  const report = useLeadershipMutation((v: { status: TaskStatus; evidence: string; links: string[] }) =>
    api.post(`/api/work-tasks/${id}/reports`, v),
  );
  useDocumentTitle(task.data?.title ?? lt.tasks.title);
  if (task.isError) return <Failed error={task.error} onRetry={() => void task.refetch()} />;
  if (!task.data) return <Loading />;
  const a = task.data;

  const submit = async (values: ReportValues) => {
    const links = (values.links ?? '')
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
    try {
      await report.mutateAsync({ status: values.status, evidence: values.evidence, links });
      void message.success(t.reported);
      form.resetFields(['evidence', 'links']);
    } catch (error) {
      if (error instanceof ApiError && error.field)
        form.setFields([{ name: error.field.split('.')[0] as keyof ReportValues, errors: [error.message] }]);
      else void message.error(errorMessage(error));
    }
  };

  const facts = [
    { key: 'county', label: lt.tasks.colCounty, children: a.countyName },
    {
      key: 'meeting',
      label: lt.tasks.meeting,
      children: `${a.meetingTitle}（${formatDay(a.meetingHeldOn)}）`,
    },
    { key: 'measure', label: lt.tasks.measure, children: a.measure || lt.common.none },
    { key: 'due', label: lt.tasks.dueDate, children: formatDay(a.dueDate) },
    { key: 'status', label: lt.tasks.status, children: <StatusTag status={a.status} overdue={a.overdue} /> },
    ...(a.completedOn
      ? [{ key: 'completed', label: t.completedOn, children: formatDay(a.completedOn) }]
      : []),
    {
      key: 'content',
      label: lt.tasks.content,
      span: 3,
      children: <p className="rz-lead-pre">{a.content || lt.common.none}</p>,
    },
  ];

  return (
    <div className="rz-page rz-lead-page">
      <PageTitle extra={<Button onClick={() => navigate('/leadership/tasks')}>{lt.common.back}</Button>}>
        {a.title}
      </PageTitle>
      <div className="rz-lead-stack">
        <Card title={<h2 className="rz-lead-card-h2">{t.facts}</h2>}>
          <Descriptions column={{ xs: 1, md: 3 }} items={facts} />
        </Card>
        {mayReport(me) && a.status !== 'done' ? (
          <Card title={<h2 className="rz-lead-card-h2">{t.report}</h2>}>
            <Form<ReportValues>
              form={form}
              layout="vertical"
              initialValues={{ status: a.status === 'not_started' ? 'in_progress' : a.status }}
              onFinish={(v) => void submit(v)}
            >
              <Form.Item name="status" label={lt.tasks.status} rules={[{ required: true }]}>
                <Select
                  options={(['not_started', 'in_progress', 'done'] as const).map((s) => ({
                    value: s,
                    label: lt.status[s],
                  }))}
                />
              </Form.Item>
              <Form.Item
                name="evidence"
                label={t.evidence}
                extra={t.evidenceHelp}
                rules={[{ required: true, min: 4, message: lt.common.required(t.evidence) }]}
              >
                <Input.TextArea rows={4} maxLength={4000} />
              </Form.Item>
              <Form.Item name="links" label={t.links} extra={t.linksHelp}>
                <Input.TextArea rows={2} />
              </Form.Item>
              <Space>
                <Button type="primary" htmlType="submit" loading={report.isPending}>
                  {t.report}
                </Button>
              </Space>
            </Form>
          </Card>
        ) : null}
        <Card title={<h2 className="rz-lead-card-h2">{t.history}</h2>}>
          {a.history.length === 0 ? (
            <p className="rz-lead-muted">{t.noHistory}</p>
          ) : (
            <Timeline
              className="rz-lead-history"
              items={a.history.map((r) => ({
                key: r.id,
                color: r.status === 'done' ? 'green' : 'blue',
                children: (
                  <div className="rz-lead-report">
                    <div>
                      <StatusTag status={r.status} /> {formatTime(r.createdAt)} · {t.reporter}：
                      {r.reporterName}
                    </div>
                    <p className="rz-lead-pre">{r.evidence}</p>
                    {r.links.length ? (
                      <ul>
                        {r.links.map((l) => (
                          <li key={l}>
                            <a href={l} target="_blank" rel="noreferrer noopener">
                              {l}
                            </a>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </div>
                ),
              }))}
            />
          )}
        </Card>
      </div>
    </div>
  );
}
