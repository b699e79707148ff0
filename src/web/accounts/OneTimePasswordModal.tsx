import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Modal } from 'antd';
import type { Account } from '../../shared/identity';
import { zh } from '../locale/zh-CN';

const t = zh.accounts.password;

export interface OneTimePassword {
  account: Account;
  password: string;
}

/** Copy with the Clipboard API, or by selecting the text where that is unavailable. */
async function copyText(text: string, fallback: HTMLElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!fallback) return false;
    const range = document.createRange();
    range.selectNodeContents(fallback);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    return false;
  }
}

/**
 * A generated password (new account or reset), shown exactly once: the server keeps only its hash.
 * It closes only by its button, never by a stray click on the mask.
 */
export function OneTimePasswordModal({
  value,
  onClose,
}: {
  value: OneTimePassword | null;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const id = 'rz-one-time-password';
  return (
    <Modal
      open={value !== null}
      title={t.title}
      onCancel={onClose}
      mask={{ closable: false }}
      keyboard={false}
      closable={false}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose}>
          {t.close}
        </Button>
      }
    >
      {value && (
        <div className="rz-otp">
          <Descriptions
            column={1}
            size="small"
            items={[
              {
                key: 'account',
                label: t.account,
                children: zh.accounts.target(value.account.username ?? '', value.account.displayName),
              },
              {
                key: 'password',
                label: t.value,
                children: (
                  <span className="rz-otp-row">
                    <code id={id} className="rz-otp-value">
                      {value.password}
                    </code>
                    <Button
                      icon={<CopyOutlined aria-hidden="true" />}
                      onClick={async () => {
                        const ok = await copyText(value.password, document.getElementById(id));
                        if (ok) void message.success(t.copied);
                        else void message.warning(t.copyFailed);
                      }}
                    >
                      {t.copy}
                    </Button>
                  </span>
                ),
              },
            ]}
          />
          <Alert type="warning" showIcon title={t.warningTitle} description={t.warning} />
        </div>
      )}
    </Modal>
  );
}
