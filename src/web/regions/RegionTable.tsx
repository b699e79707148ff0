import { Table, Tag, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { regionLevels, type RegionChild, type RegionCounts, type RegionLevel } from '../../shared/regions';
import { formatCount, zh } from '../locale/zh-CN';

const t = zh.regions;

const countLevels = ['county', 'township', 'village'] as const satisfies readonly (keyof RegionCounts)[];

/** The count columns worth showing below a level: a county lists its townships and villages, not counties. */
export function countLevelsBelow(level: RegionLevel): (keyof RegionCounts)[] {
  const depth = regionLevels.indexOf(level);
  return countLevels.filter((l) => regionLevels.indexOf(l) > depth);
}

export function YesNo({ value }: { value: boolean }) {
  return value ? (
    <Tag className="rz-flag-yes">{t.veteranSecretary.yes}</Tag>
  ) : (
    <span className="rz-flag-no">{t.veteranSecretary.no}</span>
  );
}

/** Regions of one level (children of a region, or the roots), each a link to drill into. */
export function RegionTable({ items, caption }: { items: RegionChild[]; caption: string }) {
  const level = items[0]?.level;
  const columns: TableColumnsType<RegionChild> = [
    {
      key: 'name',
      title: t.columns.name,
      dataIndex: 'name',
      render: (_: unknown, row) => (
        <Link to={`/regions/${row.code}`} className="rz-region-link">
          {row.name}
        </Link>
      ),
    },
    {
      key: 'level',
      title: t.columns.level,
      dataIndex: 'level',
      render: (_: unknown, row) => <Tag className="rz-level-tag">{t.levelLabel(row.level)}</Tag>,
      responsive: ['sm'],
    },
    ...(level ? countLevelsBelow(level) : []).map((l) => ({
      key: l,
      title: t.counts[l],
      align: 'right' as const,
      render: (_: unknown, row: RegionChild) => formatCount(row.counts[l]),
    })),
  ];
  if (level === 'village') {
    columns.push({
      key: 'veteranSecretary',
      title: t.columns.veteranSecretary,
      align: 'center',
      render: (_: unknown, row) => <YesNo value={row.veteranSecretary} />,
    });
  }
  return (
    <Table<RegionChild>
      className="rz-region-table"
      rowKey="code"
      size="middle"
      columns={columns}
      dataSource={items}
      pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
      locale={{ emptyText: t.childrenEmpty }}
      scroll={{ x: 'max-content' }}
      caption={<span className="rz-visually-hidden">{caption}</span>}
    />
  );
}
