import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useState } from 'react';
import { twoFactorText as t } from './twoFactorText';

/** Ten recovery codes, shown once: copy them or download them as a .txt file. */
export function RecoveryCodes({ codes, accountName }: { codes: string[]; accountName: string }) {
  const [note, setNote] = useState<string | null>(null);
  const text = codes.join('\n');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setNote(t.copied);
    } catch {
      setNote(t.copyFailed);
    }
  };
  const download = () => {
    const blob = new Blob([`${t.downloadTitle(accountName)}\n${text}\n`], {
      type: 'text/plain;charset=utf-8',
    });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = t.downloadName;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <div style={{ marginBottom: 16 }}>
      <ol
        aria-label={t.recoveryListLabel}
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(2, auto)',
          gap: '4px 24px',
          fontSize: '1.1em',
        }}
      >
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <Space wrap>
        <Button icon={<CopyOutlined aria-hidden="true" />} onClick={() => void copy()}>
          {t.copy}
        </Button>
        <Button icon={<DownloadOutlined aria-hidden="true" />} onClick={download}>
          {t.download}
        </Button>
      </Space>
      <p role="status" className="rz-login-hint">
        {note}
      </p>
    </div>
  );
}
