import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Space } from 'antd';
import { formatDateTime } from '../locale/zh-CN';
import { rz } from './locale';
import type { Activation } from './queries';

const t = rz.slip;

/** 12345678 → "1234 5678": easier to read aloud and to type. */
const spaced = (code: string) => code.replace(/^(\d{4})(\d{4})$/, '$1 $2');

/**
 * 志愿者登录激活单: a card to print and hand over — name, masked phone, the 8-digit code in large type,
 * expiry, the address to open and the steps in plain words. Printing shows only the card (registry.css).
 */
export function ActivationSlipModal({
  name,
  activation,
  onClose,
}: {
  name: string;
  activation: Activation | null;
  onClose: () => void;
}) {
  return (
    <Modal
      open={activation !== null}
      title={t.modalTitle}
      onCancel={onClose}
      mask={{ closable: false }}
      keyboard={false}
      destroyOnHidden
      width={640}
      className="rz-reg-slip-modal"
      footer={
        <Space wrap className="rz-reg-slip-buttons">
          <Button onClick={onClose}>{t.close}</Button>
          <Button type="primary" icon={<PrinterOutlined aria-hidden="true" />} onClick={() => window.print()}>
            {t.print}
          </Button>
        </Space>
      }
    >
      {activation && (
        <>
          <Alert type="info" showIcon title={t.onceNote} className="rz-reg-slip-note" />
          <article className="rz-reg-slip" aria-labelledby="rz-reg-slip-heading">
            <h2 id="rz-reg-slip-heading" className="rz-reg-slip-heading">
              {t.heading}
            </h2>
            <dl className="rz-reg-slip-facts">
              <div>
                <dt>{t.name}</dt>
                <dd>{name}</dd>
              </div>
              <div>
                <dt>{t.phone}</dt>
                <dd className="rz-mono">{activation.phone}</dd>
              </div>
              <div className="rz-reg-slip-code-row">
                <dt>{t.code}</dt>
                <dd className="rz-reg-slip-code">{spaced(activation.code)}</dd>
              </div>
              <div>
                <dt>{t.expires}</dt>
                <dd>{formatDateTime(activation.expiresAt)}</dd>
              </div>
              <div>
                <dt>{t.url}</dt>
                <dd className="rz-reg-slip-url">{window.location.origin}</dd>
              </div>
            </dl>
            <h3 className="rz-reg-slip-steps-title">{t.stepsTitle}</h3>
            <ol className="rz-reg-slip-steps">
              {t.steps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
            <p className="rz-reg-slip-org">{t.org}</p>
          </article>
        </>
      )}
    </Modal>
  );
}
