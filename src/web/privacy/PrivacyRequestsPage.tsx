import { App, Button, Card, Input, Modal, Popconfirm, Segmented, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import {
  requestKindLabels,
  requestStatusLabels,
  type StaffPrivacyRequest,
} from '../../modules/privacy/privacy.schemas';
import { errorMessage } from '../api';
import { Failed, formatDateTime } from '../activities/parts';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { pt } from './locale';
import { useDecide, useStaffRequests } from './queries';
import './privacy.css';

const t = pt.staff;

/** 个人信息请求: corrections and deletions asked for by volunteers in the caller's scope. */
export function PrivacyRequestsPage() {
  useDocumentTitle(t.title);
  const { message } = App.useApp();
  const [status, setStatus] = useState<'pending' | 'done'>('pending');
  const requests = useStaffRequests(status);
  const decide = useDecide();
  const [rejecting, setRejecting] = useState<StaffPrivacyRequest | null>(null);
  const [reason, setReason] = useState('');
  const [erasing, setErasing] = useState<StaffPrivacyRequest | null>(null);
  const [typed, setTyped] = useState('');

  const fail = (e: unknown) => void message.error(errorMessage(e));

  const columns: TableColumnsType<StaffPrivacyRequest> = [
    {
      title: t.colVolunteer,
      key: 'volunteer',
      render: (_, r) => (
        <span>
          {r.volunteerName}
          <br />
          <span className="rz-pr-private">{r.volunteerNo}</span>
        </span>
      ),
    },
    { title: t.colRegion, dataIndex: 'regionName' },
    { title: t.colKind, key: 'kind', render: (_, r) => requestKindLabels[r.kind] },
    {
      title: t.colContent,
      key: 'changes',
      render: (_, r) =>
        r.changes.length ? (
          <ul className="rz-pr-changes">
            {r.changes.map((c) => (
              <li key={c.field}>{c.from || c.to ? `${c.label}：${c.from} ${t.arrow} ${c.to}` : c.label}</li>
            ))}
          </ul>
        ) : null,
    },
    { title: t.colReason, dataIndex: 'reason' },
    { title: t.colAt, key: 'at', render: (_, r) => formatDateTime(r.createdAt) },
    {
      title: t.colAction,
      key: 'action',
      render: (_, r) => {
        if (r.status !== 'pending')
          return (
            <span>
              <Tag>{requestStatusLabels[r.status]}</Tag>
              {r.decidedAt && t.decidedBy(r.deciderName, formatDateTime(r.decidedAt))}
              {r.decisionNote && <div>{r.decisionNote}</div>}
            </span>
          );
        if (!r.mayDecide) return <span className="rz-pr-private">{t.bureauOnly}</span>;
        return (
          <Space wrap>
            {r.kind === 'correction' ? (
              <Popconfirm
                title={t.acceptConfirm}
                okText={t.accept}
                cancelText={t.back}
                onConfirm={() =>
                  decide
                    .mutateAsync({ id: r.id, action: 'accept' })
                    .then(() => void message.success(t.accepted), fail)
                }
              >
                <Button type="primary" size="small" aria-label={`${t.accept}：${r.volunteerName}`}>
                  {t.accept}
                </Button>
              </Popconfirm>
            ) : (
              <Button
                type="primary"
                danger
                size="small"
                aria-label={`${t.erase}：${r.volunteerName}`}
                onClick={() => {
                  setTyped('');
                  setErasing(r);
                }}
              >
                {t.erase}
              </Button>
            )}
            <Button
              size="small"
              aria-label={`${t.reject}：${r.volunteerName}`}
              onClick={() => {
                setReason('');
                setRejecting(r);
              }}
            >
              {t.reject}
            </Button>
          </Space>
        );
      },
    },
  ];

  return (
    <div className="rz-page">
      <PageTitle>{t.title}</PageTitle>
      <Card>
        <p>{t.help}</p>
        <Segmented
          aria-label={t.status}
          value={status}
          onChange={(v) => setStatus(v as 'pending' | 'done')}
          options={[
            { value: 'pending', label: t.pending },
            { value: 'done', label: t.done },
          ]}
        />
        {requests.isError ? (
          <Failed error={requests.error} onRetry={() => void requests.refetch()} />
        ) : (
          <Table<StaffPrivacyRequest>
            rowKey="id"
            className="rz-pr-table"
            columns={columns}
            dataSource={requests.data?.items ?? []}
            loading={requests.isLoading}
            locale={{ emptyText: t.empty }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
          />
        )}
      </Card>
      <Modal
        open={!!rejecting}
        title={t.rejectTitle}
        okText={t.reject}
        cancelText={t.back}
        okButtonProps={{ disabled: reason.trim().length < 2, loading: decide.isPending }}
        onCancel={() => setRejecting(null)}
        onOk={() =>
          rejecting &&
          decide.mutateAsync({ id: rejecting.id, action: 'reject', reason: reason.trim() }).then(() => {
            setRejecting(null);
            void message.success(t.rejected);
          }, fail)
        }
      >
        <label htmlFor="rz-pr-reject-reason">{t.rejectReason}</label>
        <Input.TextArea
          id="rz-pr-reject-reason"
          rows={3}
          maxLength={300}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
      <Modal
        open={!!erasing}
        title={t.eraseTitle}
        okText={t.erase}
        cancelText={t.back}
        okButtonProps={{
          danger: true,
          disabled: !erasing || typed.trim() !== erasing.volunteerName,
          loading: decide.isPending,
        }}
        onCancel={() => setErasing(null)}
        onOk={() =>
          erasing &&
          decide.mutateAsync({ id: erasing.id, action: 'erase', confirmName: typed.trim() }).then((r) => {
            setErasing(null);
            void message.success(t.erased(r.name ?? ''));
          }, fail)
        }
      >
        <p>{t.eraseWarn}</p>
        {erasing && (
          <>
            <label htmlFor="rz-pr-erase-name">{t.eraseName(erasing.volunteerName)}</label>
            <Input
              id="rz-pr-erase-name"
              autoComplete="off"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
            />
          </>
        )}
      </Modal>
    </div>
  );
}
