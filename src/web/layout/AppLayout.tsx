import { MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Menu } from 'antd';
import { useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useMe } from '../auth/session';
import { UserMenu } from '../auth/UserMenu';
import { zh } from '../locale/zh-CN';
import { ErrorBoundary } from '../pages/ErrorPage';
import { AccountPreferences } from './AccountPreferences';
import { ElderlySwitch } from './ElderlySwitch';
import { IdleWarning } from './IdleWarning';
import { InboxBell } from '../requests/InboxBell';
import { navItems, pathOfNavKey, selectedNavKey, toMenuItems, visibleNavItems } from './navigation';

const { Header, Sider, Content, Footer } = Layout;

function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const location = useLocation();
  const navigate = useNavigate();
  const me = useMe();
  const items = visibleNavItems(navItems, me);
  const selected = selectedNavKey(items, location.pathname);
  return (
    <nav aria-label={zh.nav.label}>
      <Menu
        mode="inline"
        items={toMenuItems(items)}
        selectedKeys={selected ? [selected] : []}
        onClick={({ key }) => {
          const path = pathOfNavKey(items, key);
          if (path !== undefined) navigate(path);
          onNavigate?.();
        }}
        className="rz-nav-menu"
      />
    </nav>
  );
}

export function AppLayout() {
  const screens = Grid.useBreakpoint();
  // Before the first measurement `lg` is undefined; assume desktop, the console's main audience.
  const wide = screens.lg ?? true;
  const roomy = screens.md ?? true;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const location = useLocation();

  return (
    <Layout className="rz-shell">
      <a className="rz-skip-link" href="#rz-main">
        {zh.app.skipToContent}
      </a>
      <AccountPreferences />
      <IdleWarning />
      <Header className="rz-header">
        {!wide && (
          <Button
            type="text"
            className="rz-header-menu-button"
            icon={<MenuOutlined />}
            aria-label={zh.nav.openMenu}
            aria-expanded={drawerOpen}
            onClick={() => setDrawerOpen(true)}
          />
        )}
        <div className="rz-brand">
          <span className="rz-brand-emblem" aria-hidden="true">
            ★
          </span>
          <span className="rz-brand-name">{zh.app.name}</span>
          <span className="rz-brand-subtitle">{zh.app.subtitle}</span>
        </div>
        <InboxBell />
        <ElderlySwitch />
        <UserMenu compact={!roomy} />
      </Header>
      <Layout hasSider={wide}>
        {wide && (
          <Sider width={232} className="rz-sider">
            <NavMenu />
          </Sider>
        )}
        {!wide && (
          <Drawer
            title={zh.nav.menuTitle}
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            size={280}
            styles={{ body: { padding: 0 } }}
          >
            <NavMenu onNavigate={() => setDrawerOpen(false)} />
          </Drawer>
        )}
        <Layout className="rz-main-column">
          <Content id="rz-main" className="rz-content" tabIndex={-1}>
            <ErrorBoundary resetKey={location.pathname}>
              <Outlet />
            </ErrorBoundary>
          </Content>
          <Footer className="rz-footer">{zh.app.footer}</Footer>
        </Layout>
      </Layout>
    </Layout>
  );
}
