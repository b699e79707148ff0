import { ArrowLeftOutlined } from '@ant-design/icons';
import { Card, Result, Space, Tag, Timeline } from 'antd';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api';
import { formatDateTime } from '../locale/zh-CN';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { ht } from './locale';
import { Actions } from './NominationActions';
import { Dossier } from './NominationDossier';
import { Notice } from './NominationNotice';
import { Failed, LevelTag, Loading, StatusTag } from './parts';
import { useNomination } from './queries';

const t = ht.detail;

/** 推荐详情: the dossier, the history, the step open to this viewer, 公示 with its countdown and objections. */
export function NominationDetailPage() {
  const { id = '' } = useParams();
  const q = useNomination(id);
  useDocumentTitle(q.data ? `${q.data.nomineeName} · ${q.data.honourName}` : ht.list.title);
  if (q.isLoading) return <Loading />;
  if (q.isError) {
    if (q.error instanceof ApiError && q.error.isNotFound)
      return (
        <Result
          status="404"
          title={<h1 className="rz-result-title">{t.notFound}</h1>}
          extra={<Link to="/honours/nominations">{t.back}</Link>}
        />
      );
    return <Failed error={q.error} onRetry={() => void q.refetch()} />;
  }
  const n = q.data!;
  return (
    <div className="rz-page">
      <PageTitle
        extra={
          <Link to="/honours/nominations">
            <ArrowLeftOutlined aria-hidden="true" /> {t.back}
          </Link>
        }
      >
        {n.nomineeName} · {n.honourName}
      </PageTitle>
      <Card>
        <Space wrap size="middle">
          <StatusTag status={n.status} />
          <LevelTag level={n.level} />
          <span>{ht.labels.kind[n.nomineeKind]}</span>
          <span>{n.regionName}</span>
          <span>
            {ht.list.year}：{n.year}
          </span>
          <span>
            {ht.list.colProposer}：{n.proposerName}
          </span>
          {n.roleTaken && <Tag color="green">{t.roleResult(n.roleTaken)}</Tag>}
        </Space>
      </Card>
      <div className="rz-hon-grid">
        <div>
          <Dossier n={n} />
          {n.status === 'notice' && <Notice n={n} />}
        </div>
        <div>
          <Actions n={n} />
          <Card title={<h2 className="rz-card-heading">{t.timeline}</h2>}>
            <Timeline
              items={n.events.map((e) => ({
                key: e.id,
                color:
                  e.action.endsWith('reject') || e.action === 'not_award'
                    ? 'red'
                    : e.action === 'award'
                      ? 'green'
                      : 'blue',
                content: (
                  <div>
                    <strong>{ht.labels.event[e.action] ?? e.action}</strong>
                    <div className="rz-hon-objection-meta">
                      {formatDateTime(e.at)} · {e.actorName ?? ht.common.none}
                    </div>
                    {e.reason && <div>{e.reason}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
        </div>
      </div>
    </div>
  );
}
