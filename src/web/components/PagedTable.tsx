import { Alert, Card, Table, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { errorMessage } from '../api';

/** What a list query gives the table (a TanStack query of `{ items, total }`). */
export interface PagedList<T> {
  data?: { items: T[]; total: number };
  isError: boolean;
  error: unknown;
  isFetching: boolean;
}

export interface PagedTableProps<T> {
  list: PagedList<T>;
  columns: TableColumnsType<T>;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  /** Sortable columns: called with the column key (undefined when sorting is switched off). */
  onSort?: (key: string | undefined, order: 'asc' | 'desc' | undefined) => void;
  /** The table's name for screen readers (a hidden caption). */
  caption: string;
  emptyText: string;
  className?: string;
  showTotal?: (total: number) => ReactNode;
  /**
   * How a wide table scrolls: antd's own horizontal scroll, or (`region`) inside a region that keyboard
   * users can focus and scroll too, named by the caption.
   */
  scroll?: 'table' | 'region';
}

/** A list page's table in its card: the error in place of the rows, paging and sorting sent upwards. */
export function PagedTable<T extends { id: string | number }>({
  list,
  columns,
  page,
  pageSize,
  onPage,
  onSort,
  caption,
  emptyText,
  className = 'rz-data-table',
  showTotal,
  scroll = 'table',
}: PagedTableProps<T>) {
  const table = (
    <Table<T>
      className={className}
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={list.data?.items ?? []}
      loading={list.isFetching}
      pagination={{
        current: page,
        pageSize,
        total: list.data?.total ?? 0,
        showSizeChanger: false,
        hideOnSinglePage: true,
        showTotal,
      }}
      onChange={(pagination, _filters, sorter, extra) => {
        if (extra.action === 'paginate') {
          onPage(pagination.current ?? 1);
          return;
        }
        if (extra.action === 'sort' && onSort && !Array.isArray(sorter)) {
          const key = sorter.order ? String(sorter.columnKey) : undefined;
          onSort(key, key ? (sorter.order === 'descend' ? 'desc' : 'asc') : undefined);
        }
      }}
      locale={{ emptyText }}
      scroll={scroll === 'table' ? { x: 'max-content' } : undefined}
      caption={<span className="rz-visually-hidden">{caption}</span>}
      showSorterTooltip={onSort ? false : undefined}
    />
  );
  return (
    <Card styles={{ body: { padding: 0 } }}>
      {list.isError ? (
        <div className="rz-card-padding">
          <Alert type="error" showIcon title={errorMessage(list.error)} />
        </div>
      ) : scroll === 'region' ? (
        <div className="rz-table-scroll" tabIndex={0} role="region" aria-label={caption}>
          {table}
        </div>
      ) : (
        table
      )}
    </Card>
  );
}
