import { DownOutlined, IdcardOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, type MenuProps } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { zh } from '../locale/zh-CN';
import { scopeNameOf } from './access';
import { useLogout, useMe } from './session';

/** The signed-in person in the top bar (name, role, region or organisation) with 我的账号 and 退出登录. */
export function UserMenu({ compact }: { compact: boolean }) {
  const me = useMe();
  const navigate = useNavigate();
  const logout = useLogout();
  const [open, setOpen] = useState(false);
  const { account } = me;
  const scope = scopeNameOf(account);
  // The 三员's names are their role labels: say it once.
  const role = account.roleLabel === account.displayName ? undefined : account.roleLabel;
  const facts = [role, scope].filter(Boolean).join(' · ');

  const items: MenuProps['items'] = [
    { key: 'account', icon: <IdcardOutlined aria-hidden="true" />, label: zh.nav.myAccount },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined aria-hidden="true" />, label: zh.auth.logout },
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    setOpen(false);
    if (key === 'account') navigate('/account');
    if (key === 'logout') {
      // The shell sees the session end and goes to the login page, which says 已安全退出.
      logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });
    }
  };

  return (
    <Dropdown
      menu={{ items, onClick }}
      trigger={['click']}
      open={open}
      onOpenChange={setOpen}
      placement="bottomRight"
      autoFocus
    >
      <Button
        type="text"
        className="rz-user-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={
          compact ? zh.auth.userMenu([account.displayName, facts].filter(Boolean).join('，')) : undefined
        }
        loading={logout.isPending}
      >
        <UserOutlined aria-hidden="true" className="rz-user-icon" />
        {!compact && (
          <span className="rz-user-text">
            <span className="rz-user-name">{account.displayName}</span>
            {facts && <span className="rz-user-facts">{facts}</span>}
          </span>
        )}
        <DownOutlined aria-hidden="true" className="rz-user-caret" />
      </Button>
    </Dropdown>
  );
}
