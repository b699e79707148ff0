import { Card, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { HonourKind } from '../../shared/honours';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { ht } from './locale';
import { Failed, LevelTag } from './parts';
import { useCatalogue } from './queries';

const t = ht.catalogue;

/** 荣誉目录: every honour the bureau nominates for, its level and what it honours. */
export function CataloguePage() {
  useDocumentTitle(t.title);
  const list = useCatalogue();
  const columns: TableColumnsType<HonourKind> = [
    { title: t.name, dataIndex: 'name', render: (n: string) => <strong>{n}</strong> },
    { title: t.level, dataIndex: 'level', render: (l: string) => <LevelTag level={l} /> },
    { title: t.honours, dataIndex: 'honours', render: (k: HonourKind['honours']) => ht.labels.kind[k] },
    { title: t.outcome, dataIndex: 'outcome', render: (o: string) => ht.labels.outcome[o] },
    {
      title: t.reportsUp,
      dataIndex: 'reportsUp',
      render: (r: boolean) => (r ? <Tag color="blue">{t.reportsUpYes}</Tag> : <Tag>{t.reportsUpNo}</Tag>),
    },
    { title: t.description, dataIndex: 'description', responsive: ['lg'] },
  ];
  return (
    <div className="rz-page">
      <PageTitle>{t.title}</PageTitle>
      <Card>
        <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
        {list.isError ? (
          <Failed error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <div className="rz-table-scroll" tabIndex={0} role="region" aria-label={t.title}>
            <Table<HonourKind>
              rowKey="id"
              columns={columns}
              dataSource={list.data ?? []}
              loading={list.isLoading}
              pagination={false}
            />
          </div>
        )}
      </Card>
    </div>
  );
}
