import { PlusOutlined } from '@ant-design/icons';
import { Button, Select, type TableColumnsType } from 'antd';
import { Link, useNavigate } from 'react-router';
import { teamCategories, teamStatuses, type TeamSummary } from '../../shared/registry';
import { FilterField, FilterPanel, SearchFilter } from '../components/FilterBar';
import { ListHeader } from '../components/ListHeader';
import { PagedTable } from '../components/PagedTable';
import { sortOrderOf, useListQuery } from '../components/useListQuery';
import { useDocumentTitle } from '../useDocumentTitle';
import { rz } from './locale';
import { ExportButton, TeamStatusTag } from './parts';
import { PAGE_SIZE, useServiceFields, useTeamList } from './queries';
import { RegionCascader } from './RegionCascader';

const t = rz.teams;
const FILTER_KEYS = ['regionCode', 'category', 'fieldId', 'status', 'q', 'sort', 'order'] as const;

/** 队伍管理: the teams in the person's scope (the server filters), with filters, sorting and paging. */
export function TeamsPage() {
  useDocumentTitle(t.listTitle);
  const navigate = useNavigate();
  const { query, page, pageSize, set, setPage, clear, activeFilters } = useListQuery(FILTER_KEYS, PAGE_SIZE);
  const list = useTeamList({ ...query, page, pageSize });
  const fields = useServiceFields();
  const anyFilter = activeFilters > 0;

  const columns: TableColumnsType<TeamSummary> = [
    {
      key: 'name',
      title: t.columns.name,
      sorter: true,
      sortOrder: sortOrderOf(query, 'name'),
      render: (_: unknown, team) => (
        <Link to={`/teams/${team.id}`} className="rz-reg-strong-link">
          {team.name}
        </Link>
      ),
    },
    {
      key: 'region',
      title: t.columns.region,
      sorter: true,
      sortOrder: sortOrderOf(query, 'region'),
      render: (_: unknown, team) => <span className="rz-reg-path">{team.regionPath}</span>,
    },
    {
      key: 'category',
      title: t.columns.category,
      render: (_: unknown, team) => rz.labels.category[team.category],
    },
    {
      key: 'status',
      title: t.columns.status,
      render: (_: unknown, team) => <TeamStatusTag status={team.status} />,
    },
    {
      key: 'members',
      title: t.columns.members,
      align: 'right',
      sorter: true,
      sortOrder: sortOrderOf(query, 'members'),
      render: (_: unknown, team) => team.memberCount.toLocaleString('zh-CN'),
    },
    {
      key: 'averageAge',
      title: t.columns.averageAge,
      align: 'right',
      render: (_: unknown, team) =>
        team.averageAge === null ? rz.common.none : rz.common.age(Math.round(team.averageAge)),
    },
    {
      key: 'founded',
      title: t.columns.founded,
      sorter: true,
      sortOrder: sortOrderOf(query, 'founded'),
      render: (_: unknown, team) => <span className="rz-nowrap">{team.foundedOn ?? rz.common.none}</span>,
    },
  ];

  return (
    <div className="rz-page rz-reg-page">
      <ListHeader
        title={t.listTitle}
        total={list.data && rz.common.total(list.data.total)}
        totalClassName="rz-reg-total"
        actions={
          <>
            <ExportButton path="/api/exports/teams.xlsx" query={query} />
            <Button
              type="primary"
              icon={<PlusOutlined aria-hidden="true" />}
              onClick={() => navigate('/teams/new')}
            >
              {t.create}
            </Button>
          </>
        }
      >
        <FilterPanel id="rz-team-filters" title={t.filters.title} active={activeFilters}>
          <FilterField id="rz-team-filter-region" label={t.filters.region}>
            <RegionCascader
              id="rz-team-filter-region"
              value={query.regionCode as string | undefined}
              onChange={(regionCode) => set({ regionCode })}
              placeholder={rz.common.regionAll}
            />
          </FilterField>
          <FilterField id="rz-team-filter-category" label={t.filters.category}>
            <Select
              id="rz-team-filter-category"
              value={query.category as string | undefined}
              onChange={(category: string | undefined) => set({ category })}
              allowClear
              placeholder={rz.common.allOption}
              options={teamCategories.map((c) => ({ value: c, label: rz.labels.category[c] }))}
            />
          </FilterField>
          <FilterField id="rz-team-filter-field" label={t.filters.field}>
            <Select
              id="rz-team-filter-field"
              value={query.fieldId as string | undefined}
              onChange={(fieldId: string | undefined) => set({ fieldId })}
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={rz.common.allOption}
              loading={fields.isPending}
              options={(fields.data ?? []).map((f) => ({ value: f.id, label: f.name }))}
            />
          </FilterField>
          <FilterField id="rz-team-filter-status" label={t.filters.status}>
            <Select
              id="rz-team-filter-status"
              value={query.status as string | undefined}
              onChange={(status: string | undefined) => set({ status })}
              allowClear
              placeholder={rz.common.allOption}
              options={teamStatuses.map((s) => ({ value: s, label: rz.labels.status[s] }))}
            />
          </FilterField>
          <SearchFilter
            id="rz-team-filter-q"
            label={t.filters.q}
            placeholder={t.filters.qPlaceholder}
            value={(query.q as string | undefined) ?? ''}
            onSearch={(q) => set({ q })}
          />
          {anyFilter && (
            <div className="rz-reg-filter rz-reg-filter-reset">
              <Button onClick={clear}>{rz.common.reset}</Button>
            </div>
          )}
        </FilterPanel>
      </ListHeader>
      <PagedTable<TeamSummary>
        list={list}
        columns={columns}
        page={page}
        pageSize={pageSize}
        onPage={setPage}
        onSort={(sort, order) => set({ sort, order })}
        className="rz-data-table rz-reg-teams-table"
        showTotal={(n) => rz.common.total(n)}
        emptyText={t.empty}
        caption={t.tableCaption}
      />
    </div>
  );
}
