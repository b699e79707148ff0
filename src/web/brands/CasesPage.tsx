import { Card, Input, Select, Table, Tag, type TableColumnsType } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { bt } from './locale';
import { Failed, formatDate } from './parts';
import { useCases, useServiceFields, type CaseSummary } from './queries';

const t = bt.cases;

/** 典型案例库: search by service field and text, for other counties to learn from. */
export function CasesPage() {
  useDocumentTitle(t.title);
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? undefined;
  const fieldId = params.get('fieldId') ?? undefined;
  const status = params.get('status') ?? undefined;
  const fields = useServiceFields();
  const list = useCases({ q, fieldId, status });

  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  const columns: TableColumnsType<CaseSummary> = [
    {
      title: t.colTitle,
      dataIndex: 'title',
      render: (title: string, c) => <Link to={`/cases/${c.id}`}>{title}</Link>,
    },
    {
      title: t.colBrand,
      dataIndex: 'brandName',
      render: (name: string, c) => <Link to={`/brands/${c.brandId}`}>{name}</Link>,
    },
    { title: t.colCounty, dataIndex: 'countyName' },
    { title: t.colField, dataIndex: 'fieldName', render: (v: string | null) => v ?? bt.common.none },
    {
      title: t.colStatus,
      dataIndex: 'status',
      render: (s: string) => (
        <Tag className={s === 'published' ? 'rz-brand-tag-ok' : undefined}>{t.statusLabel[s]}</Tag>
      ),
    },
    { title: t.colUpdated, dataIndex: 'updatedAt', responsive: ['md'], render: (v: string) => formatDate(v) },
  ];

  return (
    <div className="rz-page rz-brand-page">
      <PageTitle>{t.title}</PageTitle>
      <Card>
        <div className="rz-brand-filters" role="search">
          <Input.Search
            aria-label={t.search}
            placeholder={t.search}
            defaultValue={q}
            allowClear
            onSearch={(v) => set('q', v.trim() || undefined)}
          />
          <Select
            aria-label={t.field}
            className="rz-brand-filter-select"
            value={fieldId ?? ''}
            onChange={(v: string) => set('fieldId', v || undefined)}
            options={[
              { value: '', label: t.allFields },
              ...(fields.data ?? []).map((f) => ({ value: f.id, label: f.name })),
            ]}
            showSearch
            optionFilterProp="label"
          />
          <Select
            aria-label={t.status}
            className="rz-brand-filter-select"
            value={status ?? ''}
            onChange={(v: string) => set('status', v || undefined)}
            options={[
              { value: '', label: t.allStatuses },
              { value: 'published', label: t.statusLabel.published },
              { value: 'draft', label: t.statusLabel.draft },
            ]}
          />
        </div>
        {list.isError ? (
          <Failed error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<CaseSummary>
            rowKey="id"
            columns={columns}
            dataSource={list.data ?? []}
            loading={list.isLoading}
            locale={{ emptyText: t.empty }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
          />
        )}
      </Card>
    </div>
  );
}
