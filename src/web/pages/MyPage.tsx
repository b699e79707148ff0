import { ClockCircleOutlined, IdcardOutlined } from '@ant-design/icons';
import { Card, Typography } from 'antd';
import { Link } from 'react-router';
import { useMe } from '../auth/session';
import { zh } from '../locale/zh-CN';
import { useDocumentTitle } from '../useDocumentTitle';
import { PageTitle } from './PageTitle';

const t = zh.my;

/** 我的: a volunteer's start page. The volunteer pages (sign-up, check-in, hours, certificate) come later. */
export function MyPage() {
  const me = useMe();
  useDocumentTitle(t.title);
  return (
    <div className="rz-page rz-page-narrow">
      <section className="rz-welcome" aria-labelledby="rz-my-title">
        <PageTitle>
          <span id="rz-my-title">{t.title}</span>
        </PageTitle>
        <Typography.Paragraph className="rz-lead">{t.greeting(me.account.displayName)}</Typography.Paragraph>
      </section>
      <Card
        title={
          <h2 className="rz-card-heading">
            <ClockCircleOutlined aria-hidden="true" /> {t.comingTitle}
          </h2>
        }
      >
        <Typography.Paragraph>{t.comingText}</Typography.Paragraph>
        <Link to="/account" className="rz-strong-link">
          <IdcardOutlined aria-hidden="true" /> {t.accountLink}
        </Link>
      </Card>
    </div>
  );
}
