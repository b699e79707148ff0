import { Card, Segmented } from 'antd';
import { useSearchParams } from 'react-router';
import { recordRequestStatuses, type RecordRequest } from '../../shared/activities';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { RequestsTable } from './DetailCards';
import { at } from './locale';

const t = at.requests;

/** 服务记录更正申请: every request for records of the teams one manages; pending first by default. */
export function RecordRequestsPage() {
  useDocumentTitle(t.title);
  const [params, setParams] = useSearchParams();
  const raw = params.get('status') ?? 'pending';
  const status = recordRequestStatuses.includes(raw as RecordRequest['status'])
    ? (raw as RecordRequest['status'])
    : undefined;
  return (
    <div className="rz-page">
      <PageTitle>{t.title}</PageTitle>
      <Card>
        <p className="rz-act-help">{t.help}</p>
        <div className="rz-act-filters">
          <Segmented
            aria-label={t.status}
            value={status ?? 'all'}
            onChange={(v) => setParams(v === 'pending' ? {} : { status: String(v) })}
            options={[
              ...recordRequestStatuses.map((s) => ({ value: s, label: at.labels.request[s] })),
              { value: 'all', label: t.all },
            ]}
          />
        </div>
        <RequestsTable status={status} />
      </Card>
    </div>
  );
}
