import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Account } from '../../shared/identity';
import { errorMessage } from '../api';
import { accountActionsFor, scopeNameOf, type AccountAction } from '../auth/access';
import { useMe } from '../auth/session';
import { formatDateTime, zh } from '../locale/zh-CN';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { AccountActionModal } from './AccountActionModal';
import { ChangeRoleModal } from './ChangeRoleModal';
import { CreateAccountDrawer } from './CreateAccountDrawer';
import { OneTimePasswordModal, type OneTimePassword } from './OneTimePasswordModal';
import { PAGE_SIZE, useAccountList, type StatusAction } from './queries';

const t = zh.accounts;

export function AccountStatus({ account }: { account: Account }) {
  return (
    <span className="rz-status-tags">
      {account.status === 'disabled' ? (
        <Tag className="rz-status rz-status-disabled">{t.status.disabled}</Tag>
      ) : (
        !account.locked && <Tag className="rz-status rz-status-active">{t.status.active}</Tag>
      )}
      {account.locked && <Tag className="rz-status rz-status-locked">{t.status.locked}</Tag>}
    </span>
  );
}

type Acting = { target: Account; action: AccountAction };

function SearchBox() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [value, setValue] = useState(q);
  const [shownQ, setShownQ] = useState(q);
  if (q !== shownQ) {
    setShownQ(q);
    setValue(q);
  }
  return (
    <div className="rz-search-box">
      <label htmlFor="rz-account-search" className="rz-search-label">
        {t.searchLabel}
      </label>
      <Input.Search
        id="rz-account-search"
        type="search"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder={t.searchPlaceholder}
        maxLength={30}
        enterButton={
          <>
            <SearchOutlined aria-hidden="true" /> {t.searchButton}
          </>
        }
        onSearch={(raw) => {
          const next = raw.trim();
          setParams((prev) => {
            const copy = new URLSearchParams(prev);
            if (next) copy.set('q', next);
            else copy.delete('q');
            copy.delete('page');
            return copy;
          });
        }}
      />
    </div>
  );
}

/** 账号管理: the accounts in the manager's scope (the server filters), with the actions their role allows. */
export function AccountsPage() {
  useDocumentTitle(t.title);
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const list = useAccountList(q, page);
  const [creating, setCreating] = useState(false);
  const [acting, setActing] = useState<Acting | null>(null);
  const [oneTime, setOneTime] = useState<OneTimePassword | null>(null);
  const mayCreate = me.capabilities.includes('accounts.manage') && me.manageableRoles.length > 0;

  const columns: TableColumnsType<Account> = [
    {
      key: 'username',
      title: t.columns.username,
      render: (_: unknown, a) => <span className="rz-mono">{a.username ?? '—'}</span>,
    },
    { key: 'displayName', title: t.columns.displayName, dataIndex: 'displayName' },
    {
      key: 'role',
      title: t.columns.role,
      render: (_: unknown, a) => <Tag className="rz-role-tag">{a.roleLabel}</Tag>,
    },
    {
      key: 'scope',
      title: t.columns.scope,
      render: (_: unknown, a) => scopeNameOf(a) ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    { key: 'status', title: t.columns.status, render: (_: unknown, a) => <AccountStatus account={a} /> },
    {
      key: 'lastLogin',
      title: t.columns.lastLogin,
      render: (_: unknown, a) =>
        a.lastLoginAt ? (
          formatDateTime(a.lastLoginAt)
        ) : (
          <Typography.Text type="secondary">{t.neverLoggedIn}</Typography.Text>
        ),
    },
    {
      key: 'actions',
      title: t.columns.actions,
      render: (_: unknown, a) => {
        const actions = accountActionsFor(me, a);
        if (actions.length === 0) return <Typography.Text type="secondary">{t.noActions}</Typography.Text>;
        const who = t.target(a.username ?? '', a.displayName);
        return (
          <span className="rz-row-actions">
            {actions.map((action) => (
              <Button
                key={action}
                type="link"
                danger={action === 'disable'}
                className="rz-row-action"
                aria-label={t.actionAria(t.actions[action], who)}
                onClick={() => setActing({ target: a, action })}
              >
                {t.actions[action]}
              </Button>
            ))}
          </span>
        );
      },
    },
  ];

  const setPage = (next: number) =>
    setParams((prev) => {
      const copy = new URLSearchParams(prev);
      if (next > 1) copy.set('page', String(next));
      else copy.delete('page');
      return copy;
    });

  return (
    <div className="rz-page">
      <Card className="rz-region-header">
        <div className="rz-region-header-row">
          <div className="rz-region-heading">
            <PageTitle>{t.title}</PageTitle>
            {list.data && <span className="rz-card-heading-meta">{t.total(list.data.total)}</span>}
          </div>
          <div className="rz-toolbar">
            <SearchBox />
            {mayCreate && (
              <Button
                type="primary"
                icon={<PlusOutlined aria-hidden="true" />}
                onClick={() => setCreating(true)}
                className="rz-toolbar-button"
              >
                {t.create}
              </Button>
            )}
          </div>
        </div>
      </Card>
      <Card styles={{ body: { padding: 0 } }}>
        {list.isError ? (
          <div className="rz-card-padding">
            <Alert type="error" showIcon title={errorMessage(list.error)} />
          </div>
        ) : (
          <Table<Account>
            className="rz-data-table"
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: list.data?.total ?? 0,
              showSizeChanger: false,
              hideOnSinglePage: true,
              onChange: setPage,
            }}
            locale={{ emptyText: t.empty }}
            scroll={{ x: 'max-content' }}
            caption={<span className="rz-visually-hidden">{t.tableCaption}</span>}
          />
        )}
      </Card>

      {mayCreate && (
        <CreateAccountDrawer
          open={creating}
          onClose={() => setCreating(false)}
          onCreated={(result) => {
            setCreating(false);
            if (result.initialPassword)
              setOneTime({ account: result.account, password: result.initialPassword });
          }}
        />
      )}
      {acting && acting.action === 'role' && (
        <ChangeRoleModal target={acting.target} onClose={() => setActing(null)} />
      )}
      {acting && acting.action !== 'role' && (
        <AccountActionModal
          target={acting.target}
          action={acting.action as StatusAction}
          onClose={() => setActing(null)}
          onDone={(result) => {
            setActing(null);
            if (result.initialPassword)
              setOneTime({ account: result.account, password: result.initialPassword });
          }}
        />
      )}
      <OneTimePasswordModal value={oneTime} onClose={() => setOneTime(null)} />
    </div>
  );
}
