import { CheckCircleFilled } from '@ant-design/icons';
import { Button, Form, Input, Rate } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api, ApiError, errorMessage } from '../api';
import { useDocumentTitle } from '../useDocumentTitle';
import { rt } from './locale';
import { formatDateTime, Loading } from './parts';
import { RequestForm } from './RequestForm';

function Shell({ title, children }: { title: string; children: React.ReactNode }) {
  useDocumentTitle(title);
  return (
    <main className="rz-req-public">
      <p className="rz-req-brand">{rt.form.brand}</p>
      <h1 className="rz-req-public-title">{title}</h1>
      {children}
    </main>
  );
}

/** 我要点单: a resident asks for help, no login, on a phone. */
export function PublicRequestPage() {
  const [done, setDone] = useState<string | null>(null);
  const t = rt.form;
  return (
    <Shell title={t.publicTitle}>
      {done ? (
        <section className="rz-req-done" aria-live="polite">
          <p className="rz-req-done-head">
            <CheckCircleFilled aria-hidden="true" /> {t.done}
          </p>
          <p>{t.doneText(done)}</p>
          <Button size="large" onClick={() => setDone(null)}>
            {t.again}
          </Button>
        </section>
      ) : (
        <>
          <p>{t.publicIntro}</p>
          <RequestForm
            large
            onSubmit={async (input) => {
              const r = await api.post<{ requestNo: string }>('/api/public/requests', input);
              setDone(r.requestNo);
            }}
          />
        </>
      )}
    </Shell>
  );
}

interface RatingTarget {
  requestNo: string;
  fieldName: string;
  placeName: string;
  teamName: string;
  completedAt: string | null;
  rated: boolean;
  rating: number | null;
}

/** 评价: the requester rates the service through the link sent to their phone. */
export function RatePage() {
  const { token = '' } = useParams();
  const t = rt.rate;
  const target = useQuery({
    queryKey: ['rate', token],
    queryFn: () => api.get<RatingTarget>(`/api/public/requests/rate/${encodeURIComponent(token)}`),
    retry: false,
  });
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (target.isLoading)
    return (
      <Shell title={t.title}>
        <Loading />
      </Shell>
    );
  if (target.isError || !target.data)
    return (
      <Shell title={t.title}>
        <p className="rz-req-error" role="alert">
          {target.error instanceof ApiError && target.error.status === 404
            ? t.invalid
            : errorMessage(target.error)}
        </p>
      </Shell>
    );
  const r = target.data;
  if (done || r.rated)
    return (
      <Shell title={t.title}>
        <p className="rz-req-done-head" aria-live="polite">
          <CheckCircleFilled aria-hidden="true" /> {done ? t.thanks : t.already}
        </p>
      </Shell>
    );
  return (
    <Shell title={t.title}>
      <p>{t.intro(r.requestNo, r.teamName)}</p>
      <p className="rz-req-muted">
        {r.fieldName} · {r.placeName} · {formatDateTime(r.completedAt)}
      </p>
      <Form
        layout="vertical"
        size="large"
        onFinish={async (v: { rating: number; comment?: string }) => {
          setBusy(true);
          setError(null);
          try {
            await api.post(`/api/public/requests/rate/${encodeURIComponent(token)}`, {
              rating: v.rating,
              comment: v.comment ?? '',
            });
            setDone(true);
          } catch (e) {
            setError(errorMessage(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item
          name="rating"
          label={t.score}
          rules={[
            {
              // Not `required`: antd would set aria-required, which a star group may not carry.
              validator: (_, v: number | undefined) =>
                v ? Promise.resolve() : Promise.reject(new Error(t.scoreRequired)),
            },
          ]}
        >
          <Rate className="rz-req-rate" aria-label={t.score} />
        </Form.Item>
        <Form.Item name="comment" label={t.comment}>
          <Input.TextArea rows={4} maxLength={500} showCount />
        </Form.Item>
        {error && (
          <p className="rz-req-error" role="alert">
            {error}
          </p>
        )}
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t.submit}
        </Button>
      </Form>
    </Shell>
  );
}
