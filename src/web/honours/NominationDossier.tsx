import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Typography } from 'antd';
import { useRef, type ReactNode } from 'react';
import { ATTACHMENT_MAX_BYTES, type NominationDetail } from '../../shared/honours';
import { errorMessage } from '../api';
import { formatDateTime } from '../locale/zh-CN';
import { ht } from './locale';
import { attachmentPath, useNominationAction } from './queries';

const t = ht.detail;

/** 推荐详情: the dossier's facts and its files. */
export function Dossier({ n }: { n: NominationDetail }) {
  const f = n.facts;
  const items = [
    f.confirmedMinutes !== undefined && {
      key: 'h',
      label: t.hours,
      children: t.hoursValue(f.confirmedMinutes),
    },
    f.starLevel !== undefined && { key: 's', label: t.star, children: t.starValue(f.starLevel) },
    f.activityCount !== undefined && {
      key: 'a',
      label: t.activities,
      children: t.activitiesValue(f.activityCount),
    },
    f.memberCount !== undefined && { key: 'm', label: t.members, children: f.memberCount },
    f.teamCount !== undefined &&
      n.nomineeKind !== 'team' && { key: 't', label: t.teams, children: f.teamCount },
    {
      key: 'held',
      label: t.honoursHeld,
      children: f.honoursHeld.length
        ? f.honoursHeld.map((h) => `${h.year} ${h.name}`).join('；')
        : ht.common.none,
    },
    { key: 'at', label: t.takenAt, children: formatDateTime(f.takenAt) },
  ].filter(Boolean) as { key: string; label: string; children: ReactNode }[];
  return (
    <Card title={<h2 className="rz-card-heading">{t.dossier}</h2>}>
      <Typography.Title level={3} className="rz-hon-subheading">
        {t.deeds}
      </Typography.Title>
      <p className="rz-hon-deeds">{n.deeds}</p>
      <Descriptions title={t.facts} column={{ xs: 1, md: 2 }} items={items} bordered size="small" />
      <Attachments n={n} />
    </Card>
  );
}

export function Attachments({ n }: { n: NominationDetail }) {
  const upload = useNominationAction<{ fileName: string; mimeType: string; dataBase64: string }>(
    n.id,
    'attachments',
  );
  const input = useRef<HTMLInputElement>(null);
  const { message } = App.useApp();
  const open = n.status === 'county_review' || n.status === 'city_review';
  const pick = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > ATTACHMENT_MAX_BYTES) return void message.error(t.fileTooBig);
    const bytes = new Uint8Array(await file.arrayBuffer());
    let bin = '';
    for (const b of bytes) bin += String.fromCharCode(b);
    upload.mutate(
      { fileName: file.name, mimeType: file.type, dataBase64: btoa(bin) },
      {
        onSuccess: () => void message.success(ht.common.done),
        onError: (e) => void message.error(errorMessage(e)),
      },
    );
  };
  return (
    <div className="rz-hon-attachments">
      <Typography.Title level={3} className="rz-hon-subheading">
        {t.attachments}
      </Typography.Title>
      {n.attachments.length ? (
        <ul>
          {n.attachments.map((a) => (
            <li key={a.id}>
              <a href={attachmentPath(n.id, a.id)} download>
                <PaperClipOutlined aria-hidden="true" /> {a.fileName}
              </a>{' '}
              <Typography.Text type="secondary">{Math.ceil(a.size / 1024)} KB</Typography.Text>
            </li>
          ))}
        </ul>
      ) : (
        <Typography.Paragraph type="secondary">{ht.common.none}</Typography.Paragraph>
      )}
      {open && (
        <>
          <input
            ref={input}
            type="file"
            accept="application/pdf,image/jpeg,image/png"
            hidden
            aria-label={t.upload}
            onChange={(e) => {
              void pick(e.target.files?.[0]);
              e.target.value = '';
            }}
          />
          <Button
            icon={<UploadOutlined aria-hidden="true" />}
            loading={upload.isPending}
            onClick={() => input.current?.click()}
          >
            {t.upload}
          </Button>
        </>
      )}
    </div>
  );
}
