import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Button, Form, Input } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Verification } from '../../shared/certificates';
import { ApiError, errorMessage } from '../api';
import { useDocumentTitle } from '../useDocumentTitle';
import { at } from './locale';
import { Loading } from './parts';
import { useVerification } from './queries';

const t = at.verify;

function Outcome({ v }: { v: Verification }) {
  return (
    <section
      className={`rz-verify-result ${v.genuine ? 'rz-verify-ok' : 'rz-verify-bad'}`}
      aria-live="polite"
    >
      <p className="rz-verify-verdict">
        {v.genuine ? <CheckCircleFilled aria-hidden="true" /> : <CloseCircleFilled aria-hidden="true" />}{' '}
        {v.genuine ? t.genuine : t.tampered}
      </p>
      <p>{v.genuine ? t.genuineText : t.tamperedText}</p>
      <dl className="rz-verify-facts">
        <dt>{t.number}</dt>
        <dd>{v.number}</dd>
        <dt>{t.holder}</dt>
        <dd>{v.holder}</dd>
        <dt>{t.totalHours}</dt>
        <dd>{t.hours(v.totalHours)}</dd>
        <dt>{t.issuer}</dt>
        <dd>{v.issuer}</dd>
        <dt>{t.issuedOn}</dt>
        <dd>{v.issuedOn}</dd>
      </dl>
    </section>
  );
}

function Failure({ error }: { error: unknown }) {
  const text =
    error instanceof ApiError && error.status === 404
      ? t.notFound
      : error instanceof ApiError && error.status === 429
        ? t.rateLimited
        : errorMessage(error);
  return (
    <p className="rz-verify-error" role="alert">
      {text}
    </p>
  );
}

function Shell({ children }: { children: React.ReactNode }) {
  useDocumentTitle(t.title);
  return (
    <main className="rz-verify">
      <p className="rz-verify-brand">{t.brand}</p>
      <h1 className="rz-verify-title">{t.title}</h1>
      {children}
    </main>
  );
}

/** `/verify/:token`: the QR code on a certificate opens this. */
export function VerifyTokenPage() {
  const { token = '' } = useParams();
  const result = useVerification({ token });
  return (
    <Shell>
      {result.isLoading ? (
        <Loading />
      ) : result.data ? (
        <Outcome v={result.data} />
      ) : (
        <Failure error={result.error} />
      )}
      <Link to="/verify" className="rz-verify-link">
        {t.other}
      </Link>
    </Shell>
  );
}

/** `/verify`: by the certificate's number and its holder's surname. */
export function VerifyFormPage() {
  const [params, setParams] = useSearchParams();
  const number = params.get('number') ?? '';
  const surname = params.get('surname') ?? '';
  const result = useVerification(number && surname ? { number, surname } : null);
  return (
    <Shell>
      <Form
        layout="vertical"
        className="rz-verify-form"
        initialValues={{ number, surname }}
        onFinish={(v: { number: string; surname: string }) =>
          setParams({ number: v.number.trim().toUpperCase(), surname: v.surname.trim() })
        }
      >
        <Form.Item
          name="number"
          label={t.number}
          extra={t.numberHelp}
          rules={[{ required: true, whitespace: true, message: `请输入${t.number}` }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="surname"
          label={t.surname}
          rules={[{ required: true, whitespace: true, message: `请输入${t.surname}` }]}
        >
          <Input maxLength={2} autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" loading={result.isFetching}>
          {t.submit}
        </Button>
      </Form>
      {result.data ? <Outcome v={result.data} /> : result.isError ? <Failure error={result.error} /> : null}
    </Shell>
  );
}
