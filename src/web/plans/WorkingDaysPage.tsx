import { chinaToday } from '../../shared/dates';
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
  Popconfirm,
  Radio,
  Table,
  Tag,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import { ApiError, errorMessage } from '../api';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { pt } from './locale';
import { Failed, shortDate, useKeepsCityCalendar, useYearParam, weekdayOf, YearSelect } from './parts';
import {
  addWorkingDays,
  useRemoveWorkingDay,
  useSetWorkingDay,
  useWorkingDays,
  type WorkingDay,
} from './queries';

const t = pt.working;
const pad = (n: number) => String(n).padStart(2, '0');

/** 节假日与调休: the bureau's table for a year (the city edits, others read), a month grid and 期限计算. */
export function WorkingDaysPage() {
  useDocumentTitle(t.title);
  const { message } = App.useApp();
  const [year, setYear] = useYearParam();
  const days = useWorkingDays(year);
  const keeps = useKeepsCityCalendar();
  const remove = useRemoveWorkingDay();
  const [editing, setEditing] = useState<WorkingDay | 'new' | null>(null);

  const columns: TableColumnsType<WorkingDay> = [
    { title: t.colDate, dataIndex: 'date', render: (d: string) => `${d}（${shortDate(d)}）` },
    { title: t.colWeekday, key: 'weekday', render: (_, d) => `周${weekdayOf(d.date)}` },
    {
      title: t.colKind,
      dataIndex: 'isWorkday',
      render: (w: boolean) => <Tag color={w ? 'blue' : 'red'}>{w ? t.workday : t.holiday}</Tag>,
    },
    { title: t.colNote, dataIndex: 'note', render: (v: string) => v || pt.common.none },
    ...(keeps
      ? [
          {
            title: t.colActions,
            key: 'actions',
            render: (_: unknown, d: WorkingDay) => (
              <span className="rz-plan-actions">
                <Button
                  size="small"
                  onClick={() => setEditing(d)}
                  aria-label={`${pt.common.edit}：${d.date}`}
                >
                  {pt.common.edit}
                </Button>
                <Popconfirm
                  title={pt.common.confirmRemove}
                  okText={pt.common.remove}
                  cancelText={pt.common.cancel}
                  onConfirm={() =>
                    remove.mutate(d.date, {
                      onSuccess: () => void message.success(pt.common.removed),
                      onError: (e) => void message.error(errorMessage(e)),
                    })
                  }
                >
                  <Button size="small" danger aria-label={`${pt.common.remove}：${d.date}`}>
                    {pt.common.remove}
                  </Button>
                </Popconfirm>
              </span>
            ),
          },
        ]
      : []),
  ];

  return (
    <div className="rz-page rz-plan-page">
      <PageTitle
        extra={
          keeps ? (
            <Button
              type="primary"
              icon={<PlusOutlined aria-hidden="true" />}
              onClick={() => setEditing('new')}
            >
              {t.add}
            </Button>
          ) : undefined
        }
      >
        {t.title}
      </PageTitle>
      <Card>
        <p className="rz-plan-intro">{t.intro}</p>
        {!keeps && <Alert type="info" showIcon message={pt.common.readOnly} className="rz-plan-toolbar" />}
        <div className="rz-plan-toolbar">
          <YearSelect id="rz-working-year" value={year} onChange={setYear} />
        </div>
        {days.isError ? (
          <Failed error={days.error} onRetry={() => void days.refetch()} />
        ) : (
          <Table<WorkingDay>
            rowKey="date"
            columns={columns}
            dataSource={days.data ?? []}
            loading={days.isLoading}
            locale={{ emptyText: t.empty }}
            pagination={false}
            scroll={{ x: 'max-content' }}
          />
        )}
      </Card>
      <Card className="rz-plan-section" title={<h2 className="rz-plan-card-title">{t.calcTitle}</h2>}>
        <DeadlineCalculator year={year} />
      </Card>
      <Card
        className="rz-plan-section"
        title={<h2 className="rz-plan-card-title">{pt.common.yearLabel(year)}</h2>}
      >
        <YearGrid year={year} days={days.data ?? []} />
      </Card>
      {editing && (
        <WorkingDayModal
          year={year}
          day={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </div>
  );
}

function YearGrid({ year, days }: { year: number; days: WorkingDay[] }) {
  const byDate = useMemo(() => new Map(days.map((d) => [d.date, d])), [days]);
  return (
    <>
      <div className="rz-plan-legend" aria-hidden="true">
        <span>
          <span className="rz-plan-legend-swatch rz-plan-day-holiday" />
          {t.legendHoliday}
        </span>
        <span>
          <span className="rz-plan-legend-swatch rz-plan-day-workday" />
          {t.legendWorkday}
        </span>
        <span>
          <span className="rz-plan-legend-swatch rz-plan-day-weekend" />
          {t.legendWeekend}
        </span>
      </div>
      <div className="rz-plan-months">
        {Array.from({ length: 12 }, (_, i) => i + 1).map((month) => {
          const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
          const count = new Date(Date.UTC(year, month, 0)).getUTCDate();
          const cells: (number | null)[] = [...Array<null>(first).fill(null)];
          for (let d = 1; d <= count; d++) cells.push(d);
          while (cells.length % 7) cells.push(null);
          const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
          return (
            <section key={month} className="rz-plan-month" aria-label={t.month(month)}>
              <h3>{t.month(month)}</h3>
              <table>
                <thead>
                  <tr>
                    {pt.weekdays.map((w) => (
                      <th key={w} scope="col">
                        {w}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {weeks.map((week, wi) => (
                    <tr key={wi}>
                      {week.map((d, di) => {
                        if (d === null) return <td key={di} />;
                        const date = `${year}-${pad(month)}-${pad(d)}`;
                        const entry = byDate.get(date);
                        const cls = entry
                          ? entry.isWorkday
                            ? 'rz-plan-day-workday'
                            : 'rz-plan-day-holiday'
                          : di === 0 || di === 6
                            ? 'rz-plan-day-weekend'
                            : undefined;
                        return (
                          <td
                            key={di}
                            className={cls}
                            title={
                              entry ? `${entry.isWorkday ? t.workday : t.holiday} ${entry.note}` : undefined
                            }
                          >
                            {d}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          );
        })}
      </div>
    </>
  );
}

function DeadlineCalculator({ year }: { year: number }) {
  const [form] = Form.useForm<{ from: string; days: number }>();
  const [result, setResult] = useState<{ from: string; days: number; date: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const today = chinaToday();
  const initialFrom = today.startsWith(`${year}-`) ? today : `${year}-01-01`;
  return (
    <>
      <Form
        form={form}
        layout="vertical"
        className="rz-plan-calc"
        initialValues={{ from: initialFrom, days: 5 }}
        onFinish={async (v) => {
          setBusy(true);
          setError(null);
          try {
            const r = await addWorkingDays(v.from, v.days);
            setResult({ from: v.from, days: v.days, date: r.date });
          } catch (e) {
            setResult(null);
            setError(errorMessage(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item
          name="from"
          label={t.calcFrom}
          rules={[{ required: true, message: pt.plans.pick(t.calcFrom) }]}
        >
          <Input type="date" className="rz-plan-date-input" />
        </Form.Item>
        <Form.Item
          name="days"
          label={t.calcDays}
          rules={[{ required: true, message: pt.plans.required(t.calcDays) }]}
        >
          <InputNumber min={1} max={365} precision={0} />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" loading={busy}>
            {t.calcRun}
          </Button>
        </Form.Item>
      </Form>
      <div role="status" aria-live="polite">
        {result && (
          <p className="rz-plan-calc-result">
            {t.calcResult(result.from, result.days, `${result.date}（周${weekdayOf(result.date)}）`)}
          </p>
        )}
        {error && <Alert type="error" showIcon message={error} />}
      </div>
    </>
  );
}

interface DayValues {
  date: string;
  isWorkday: boolean;
  note?: string;
}

function WorkingDayModal({
  year,
  day,
  onClose,
}: {
  year: number;
  day: WorkingDay | null;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<DayValues>();
  const save = useSetWorkingDay();
  return (
    <Modal
      open
      title={day ? t.editTitle : t.addTitle}
      okText={pt.common.save}
      cancelText={pt.common.cancel}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
    >
      <Form<DayValues>
        form={form}
        layout="vertical"
        initialValues={day ?? { date: `${year}-01-01`, isWorkday: false }}
        onFinish={(v) =>
          save.mutate(
            { date: v.date, isWorkday: v.isWorkday, note: v.note ?? '' },
            {
              onSuccess: () => {
                void message.success(pt.common.saved);
                onClose();
              },
              onError: (error) => {
                const field = error instanceof ApiError ? error.field : undefined;
                if (field === 'date' || field === 'isWorkday' || field === 'note')
                  form.setFields([{ name: field, errors: [error.message] }]);
                else void message.error(errorMessage(error));
              },
            },
          )
        }
      >
        <Form.Item
          name="date"
          label={t.colDate}
          rules={[{ required: true, message: pt.plans.pick(t.colDate) }]}
        >
          <Input type="date" className="rz-plan-date-input" disabled={!!day} />
        </Form.Item>
        <Form.Item name="isWorkday" label={t.kind}>
          <Radio.Group
            options={[
              { value: false, label: t.holiday },
              { value: true, label: t.workday },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label={t.note}>
          <Input placeholder={t.notePlaceholder} maxLength={60} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
