import { ArrowRightOutlined, ClockCircleOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { Card, Col, Descriptions, Row, Typography } from 'antd';
import { Link } from 'react-router';
import { zh } from '../locale/zh-CN';
import { useDocumentTitle } from '../useDocumentTitle';
import { PageTitle } from './PageTitle';

const t = zh.home;

export function HomePage() {
  useDocumentTitle(zh.nav.home);
  return (
    <div className="rz-page">
      <section className="rz-welcome" aria-labelledby="rz-welcome-title">
        <div className="rz-welcome-text">
          <PageTitle>
            <span id="rz-welcome-title">{t.title}</span>
          </PageTitle>
          <Typography.Paragraph className="rz-lead">{t.lead}</Typography.Paragraph>
          <Typography.Paragraph>{t.intro}</Typography.Paragraph>
          <Descriptions
            column={1}
            size="small"
            items={t.facts.map((f) => ({ key: f.label, label: f.label, children: f.value }))}
          />
        </div>
      </section>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <Card
            title={
              <h2 className="rz-card-heading">
                <EnvironmentOutlined aria-hidden="true" /> {t.regionsCardTitle}
              </h2>
            }
            className="rz-home-card"
          >
            <Typography.Paragraph>{t.regionsCardText}</Typography.Paragraph>
            <Link to="/regions" className="rz-strong-link">
              {t.regionsCardAction} <ArrowRightOutlined aria-hidden="true" />
            </Link>
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card
            title={
              <h2 className="rz-card-heading">
                <ClockCircleOutlined aria-hidden="true" /> {t.comingTitle}
              </h2>
            }
            className="rz-home-card"
          >
            <Typography.Paragraph>{t.comingText}</Typography.Paragraph>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
