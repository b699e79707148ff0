import { UserAddOutlined } from '@ant-design/icons';
import { Button, InputNumber, Select, type TableColumnsType } from 'antd';
import { Link, useNavigate } from 'react-router';
import { veteranKinds, type VolunteerSummary } from '../../shared/registry';
import { FilterField, FilterPanel, SearchFilter } from '../components/FilterBar';
import { ListHeader } from '../components/ListHeader';
import { PagedTable } from '../components/PagedTable';
import { sortOrderOf, useListQuery } from '../components/useListQuery';
import { useDocumentTitle } from '../useDocumentTitle';
import { JoinRequestsCard } from './JoinRequestsCard';
import { genderLabel, rz } from './locale';
import { ExportButton, TeamSelect } from './parts';
import { PAGE_SIZE, useServiceFields, useVolunteerList } from './queries';
import { RegionCascader } from './RegionCascader';

const t = rz.volunteers;
const FILTER_KEYS = [
  'regionCode',
  'veteranKind',
  'isVeteran',
  'minAge',
  'maxAge',
  'fieldId',
  'teamId',
  'q',
  'sort',
  'order',
] as const;

function AgeInput({
  id,
  value,
  onChange,
}: {
  id: string;
  value: string | undefined;
  onChange: (v: number | undefined) => void;
}) {
  return (
    <InputNumber
      id={id}
      min={0}
      max={120}
      precision={0}
      value={value ? Number(value) : null}
      onChange={(v) => onChange(typeof v === 'number' ? v : undefined)}
      className="rz-reg-age-input"
    />
  );
}

/** 志愿者: the people in the person's scope, with filters, sorting, paging and pending join requests. */
export function VolunteersPage() {
  useDocumentTitle(t.listTitle);
  const navigate = useNavigate();
  const { query, page, pageSize, set, setPage, clear, activeFilters } = useListQuery(FILTER_KEYS, PAGE_SIZE);
  const list = useVolunteerList({ ...query, page, pageSize });
  const fields = useServiceFields();
  const anyFilter = activeFilters > 0;
  const c = t.columns;

  const columns: TableColumnsType<VolunteerSummary> = [
    {
      key: 'created',
      title: c.no,
      sorter: true,
      sortOrder: sortOrderOf(query, 'created'),
      render: (_: unknown, v) => <span className="rz-mono">{v.volunteerNo}</span>,
    },
    {
      key: 'name',
      title: c.name,
      sorter: true,
      sortOrder: sortOrderOf(query, 'name'),
      render: (_: unknown, v) => (
        <Link to={`/volunteers/${v.id}`} className="rz-reg-strong-link">
          {v.name}
        </Link>
      ),
    },
    { key: 'gender', title: c.gender, render: (_: unknown, v) => genderLabel(v.gender) },
    {
      key: 'age',
      title: c.age,
      sorter: true,
      align: 'right',
      sortOrder: sortOrderOf(query, 'age'),
      render: (_: unknown, v) => v.age,
    },
    {
      key: 'idCard',
      title: c.idCard,
      render: (_: unknown, v) => <span className="rz-mono rz-nowrap">{v.idCard}</span>,
    },
    {
      key: 'phone',
      title: c.phone,
      render: (_: unknown, v) => <span className="rz-mono rz-nowrap">{v.phone ?? rz.common.none}</span>,
    },
    {
      key: 'region',
      title: c.residence,
      sorter: true,
      sortOrder: sortOrderOf(query, 'region'),
      render: (_: unknown, v) => <span className="rz-reg-path">{v.residencePath}</span>,
    },
    {
      key: 'kind',
      title: c.kind,
      render: (_: unknown, v) =>
        v.isVeteran
          ? v.veteranKind
            ? rz.labels.veteranKind[v.veteranKind]
            : t.detail.tagVeteran
          : t.notVeteran,
    },
    {
      key: 'teams',
      title: c.teams,
      render: (_: unknown, v) =>
        v.teams.length === 0 ? (
          rz.common.none
        ) : (
          <span className="rz-reg-team-links">
            {v.teams.map((team) => (
              <Link key={team.id} to={`/teams/${team.id}`}>
                {team.name}
              </Link>
            ))}
          </span>
        ),
    },
  ];

  return (
    <div className="rz-page rz-reg-page">
      <JoinRequestsCard />
      <ListHeader
        title={t.listTitle}
        total={list.data && rz.common.total(list.data.total)}
        totalClassName="rz-reg-total"
        actions={
          <>
            <ExportButton path="/api/exports/volunteers.xlsx" query={query} />
            <Button
              type="primary"
              icon={<UserAddOutlined aria-hidden="true" />}
              onClick={() => navigate('/volunteers/new')}
            >
              {t.create}
            </Button>
          </>
        }
      >
        <FilterPanel id="rz-vol-filters" title={rz.teams.filters.title} active={activeFilters}>
          <FilterField id="rz-vol-filter-region" label={t.filters.region}>
            <RegionCascader
              id="rz-vol-filter-region"
              value={query.regionCode as string | undefined}
              onChange={(regionCode) => set({ regionCode })}
              placeholder={rz.common.regionAll}
            />
          </FilterField>
          <FilterField id="rz-vol-filter-veteran" label={t.filters.isVeteran}>
            <Select
              id="rz-vol-filter-veteran"
              value={query.isVeteran as string | undefined}
              onChange={(isVeteran: string | undefined) =>
                set({ isVeteran, veteranKind: isVeteran === 'false' ? undefined : query.veteranKind })
              }
              allowClear
              placeholder={rz.common.allOption}
              options={[
                { value: 'true', label: rz.common.yes },
                { value: 'false', label: rz.common.no },
              ]}
            />
          </FilterField>
          <FilterField id="rz-vol-filter-kind" label={t.filters.veteranKind}>
            <Select
              id="rz-vol-filter-kind"
              value={query.veteranKind as string | undefined}
              onChange={(veteranKind: string | undefined) => set({ veteranKind })}
              allowClear
              placeholder={rz.common.allOption}
              options={veteranKinds.map((k) => ({ value: k, label: rz.labels.veteranKind[k] }))}
            />
          </FilterField>
          <div className="rz-reg-filter rz-reg-age-range">
            <FilterField id="rz-vol-filter-min-age" label={t.filters.minAge}>
              <AgeInput
                id="rz-vol-filter-min-age"
                value={query.minAge as string | undefined}
                onChange={(minAge) => set({ minAge })}
              />
            </FilterField>
            <FilterField id="rz-vol-filter-max-age" label={t.filters.maxAge}>
              <AgeInput
                id="rz-vol-filter-max-age"
                value={query.maxAge as string | undefined}
                onChange={(maxAge) => set({ maxAge })}
              />
            </FilterField>
          </div>
          <FilterField id="rz-vol-filter-field" label={t.filters.field}>
            <Select
              id="rz-vol-filter-field"
              value={query.fieldId as string | undefined}
              onChange={(fieldId: string | undefined) => set({ fieldId })}
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={rz.common.allOption}
              options={(fields.data ?? []).map((f) => ({ value: f.id, label: f.name }))}
            />
          </FilterField>
          <FilterField id="rz-vol-filter-team" label={t.filters.team}>
            <TeamSelect
              id="rz-vol-filter-team"
              value={query.teamId as string | undefined}
              onChange={(teamId) => set({ teamId })}
            />
          </FilterField>
          <SearchFilter
            id="rz-vol-filter-q"
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
      <PagedTable<VolunteerSummary>
        list={list}
        columns={columns}
        page={page}
        pageSize={pageSize}
        onPage={setPage}
        onSort={(sort, order) => set({ sort, order })}
        className="rz-data-table rz-reg-volunteers-table"
        showTotal={(n) => rz.common.total(n)}
        emptyText={t.empty}
        caption={t.tableCaption}
      />
    </div>
  );
}
