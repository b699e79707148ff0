import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Input, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { Account } from '../../shared/identity';
import { accountActionsFor, scopeNameOf, type AccountAction } from '../auth/access';
import { useMe } from '../auth/session';
import { formatDateTime, zh } from '../locale/zh-CN';
import { ListHeader } from '../components/ListHeader';
import { PagedTable } from '../components/PagedTable';
import { useListQuery } from '../components/useListQuery';
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

/** The search box: typed freely, applied on Enter or the button (the URL's q follows it). */
function SearchBox({ q, onSearch }: { q: string; onSearch: (q: string) => void }) {
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
        onSearch={(raw) => onSearch(raw.trim())}
      />
    </div>
  );
}

/** 账号管理: the accounts in the manager's scope (the server filters), with the actions their role allows. */
export function AccountsPage() {
  useDocumentTitle(t.title);
  const me = useMe();
  const { query, page, pageSize, set, setPage } = useListQuery(['q'], PAGE_SIZE);
  const q = (query.q ?? '').trim();
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

  return (
    <div className="rz-page">
      <ListHeader
        title={t.title}
        total={list.data && t.total(list.data.total)}
        actions={
          <>
            <SearchBox q={query.q ?? ''} onSearch={(next) => set({ q: next })} />
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
          </>
        }
      />
      <PagedTable<Account>
        list={list}
        columns={columns}
        page={page}
        pageSize={pageSize}
        onPage={setPage}
        emptyText={t.empty}
        caption={t.tableCaption}
      />

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
