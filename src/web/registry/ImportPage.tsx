import { DownloadOutlined, FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Progress, Radio, Result, Space, Table, type TableColumnsType } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../api';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { newJobId } from '../api';
import { rz } from './locale';
import {
  readImportProgress,
  registryKeys,
  runImport,
  type ImportKind,
  type ImportMode,
  type ImportProgress,
  type ImportResult,
} from './queries';

const t = rz.imports;
const POLL_MS = 500;
type RowError = ImportResult['errors'][number];

type Stage =
  | { step: 'choose' }
  | { step: 'running'; mode: ImportMode }
  | { step: 'validated'; result: ImportResult }
  | { step: 'imported'; result: ImportResult };

/** Polls the import's progress every 500 ms while `job` is set. */
function useProgress(job: string | null): ImportProgress | null {
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [shownJob, setShownJob] = useState(job);
  if (job !== shownJob) {
    setShownJob(job);
    setProgress(null);
  }
  useEffect(() => {
    if (!job) return;
    const controller = new AbortController();
    const tick = () =>
      readImportProgress(job, controller.signal).then(setProgress, () => {
        // Not started yet (404) or a network blip: the next tick asks again.
      });
    const timer = window.setInterval(tick, POLL_MS);
    tick();
    return () => {
      window.clearInterval(timer);
      controller.abort();
    };
  }, [job]);
  return progress;
}

function Running({ mode, progress }: { mode: ImportMode; progress: ImportProgress | null }) {
  const percent =
    progress && progress.total > 0
      ? Math.min(100, Math.round((progress.processed / progress.total) * 100))
      : 0;
  return (
    <div className="rz-reg-import-progress" aria-live="polite">
      <p className="rz-reg-import-phase">
        {mode === 'validate' ? t.validating : t.importing}
        {progress && ` ${t.phases[progress.phase] ?? ''}`}
      </p>
      <Progress percent={percent} status="active" aria-label={t.progressLabel} />
      {progress && <p className="rz-reg-muted">{t.processed(progress.processed, progress.total)}</p>}
    </div>
  );
}

function ErrorTable({ errors }: { errors: RowError[] }) {
  const c = t.errorColumns;
  const columns: TableColumnsType<RowError> = [
    { key: 'row', title: c.row, width: 90, render: (_: unknown, e) => e.row },
    { key: 'column', title: c.column, width: 160, render: (_: unknown, e) => e.column },
    { key: 'message', title: c.message, render: (_: unknown, e) => e.message },
  ];
  return (
    <Table<RowError>
      className="rz-data-table rz-reg-import-errors"
      rowKey={(e) => `${e.row}-${e.column}`}
      size="middle"
      columns={columns}
      dataSource={errors}
      pagination={errors.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      scroll={{ x: 'max-content' }}
      caption={<span className="rz-visually-hidden">{t.errorsCaption}</span>}
    />
  );
}

/**
 * 批量导入: pick what to import, download the template, choose the filled file, 校验 (nothing is
 * written), read the problems by row, then import everything, only the good rows, or nothing.
 */
export function ImportPage() {
  useDocumentTitle(t.title);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [kind, setKind] = useState<ImportKind>('volunteers');
  const [file, setFile] = useState<File | null>(null);
  const [stage, setStage] = useState<Stage>({ step: 'choose' });
  const [error, setError] = useState<string | null>(null);
  const [job, setJob] = useState<string | null>(null);
  const progress = useProgress(job);
  const input = useRef<HTMLInputElement>(null);
  const kindLabel = t.kinds[kind];
  const busy = stage.step === 'running';

  const reset = (keepFile = false) => {
    setStage({ step: 'choose' });
    setError(null);
    setJob(null);
    if (!keepFile) {
      setFile(null);
      if (input.current) input.current.value = '';
    }
  };

  const run = async (mode: ImportMode) => {
    if (!file) {
      setError(t.noFile);
      return;
    }
    const id = newJobId();
    setError(null);
    setJob(id);
    setStage({ step: 'running', mode });
    try {
      const result = await runImport(kind, file, mode, id);
      if (mode === 'validate') setStage({ step: 'validated', result });
      else {
        setStage({ step: 'imported', result });
        void client.invalidateQueries({
          queryKey: kind === 'teams' ? registryKeys.teams : registryKeys.volunteers,
        });
      }
    } catch (e) {
      setError(errorMessage(e));
      setStage({ step: 'choose' });
    } finally {
      setJob(null);
    }
  };

  return (
    <div className="rz-page rz-page-narrow rz-reg-page">
      <Card className="rz-region-header">
        <PageTitle>{t.title}</PageTitle>
        <p className="rz-reg-intro">{t.intro}</p>
        <div className="rz-reg-import-kind">
          <span id="rz-import-kind-label" className="rz-reg-filter-label">
            {t.kind}
          </span>
          <Radio.Group
            aria-labelledby="rz-import-kind-label"
            value={kind}
            disabled={busy}
            optionType="button"
            buttonStyle="solid"
            onChange={(e) => {
              setKind(e.target.value as ImportKind);
              reset();
            }}
            options={(['volunteers', 'teams'] as const).map((k) => ({ value: k, label: t.kinds[k] }))}
          />
        </div>
      </Card>

      <Card title={<h2 className="rz-card-heading">{t.step1}</h2>}>
        <p className="rz-reg-step-text">{t.step1Text}</p>
        <Button
          href={`/api/imports/templates/${kind}.xlsx`}
          download
          icon={<DownloadOutlined aria-hidden="true" />}
        >
          {t.template(kindLabel)}
        </Button>
      </Card>

      <Card title={<h2 className="rz-card-heading">{t.step2}</h2>}>
        <Space orientation="vertical" size="middle" className="rz-reg-full-width">
          <div className="rz-reg-file-row">
            <input
              ref={input}
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              hidden
              aria-hidden="true"
              tabIndex={-1}
              className="rz-reg-file-input"
              onChange={(e) => {
                const chosen = e.target.files?.[0] ?? null;
                setFile(chosen);
                setStage({ step: 'choose' });
                setError(null);
              }}
            />
            <Button
              icon={<FileExcelOutlined aria-hidden="true" />}
              onClick={() => input.current?.click()}
              disabled={busy}
            >
              {t.chooseFile}
            </Button>
            <span className={file ? 'rz-reg-file-name' : 'rz-reg-muted'}>
              {file ? t.fileChosen(file.name) : t.fileHint}
            </span>
          </div>
          <Button
            type="primary"
            icon={<UploadOutlined aria-hidden="true" />}
            onClick={() => void run('validate')}
            disabled={!file || busy}
            loading={busy && stage.mode === 'validate'}
          >
            {t.validate}
          </Button>
          {error && <Alert type="error" showIcon title={error} />}
          {stage.step === 'running' && <Running mode={stage.mode} progress={progress} />}
        </Space>
      </Card>

      {stage.step === 'validated' && (
        <Card title={<h2 className="rz-card-heading">{t.step3}</h2>} className="rz-reg-import-result">
          <Space orientation="vertical" size="middle" className="rz-reg-full-width">
            <Alert
              type={stage.result.errors.length ? 'warning' : 'success'}
              showIcon
              title={t.summary(
                stage.result.total,
                stage.result.valid,
                stage.result.total - stage.result.valid,
              )}
              description={stage.result.errors.length ? t.someBad : t.allGood}
              className="rz-reg-import-summary"
            />
            {stage.result.errors.length > 0 && (
              <section aria-label={t.errorsTitle}>
                <h3 className="rz-reg-subheading">{t.errorsTitle}</h3>
                <ErrorTable errors={stage.result.errors} />
              </section>
            )}
            <Space wrap>
              {stage.result.errors.length === 0 ? (
                <Button
                  type="primary"
                  onClick={() => void run('all-or-nothing')}
                  disabled={stage.result.valid === 0}
                >
                  {t.importAll}
                </Button>
              ) : (
                <Button
                  type="primary"
                  onClick={() => void run('valid-only')}
                  disabled={stage.result.valid === 0}
                  title={stage.result.valid === 0 ? t.nothingValid : undefined}
                >
                  {t.validOnly}
                </Button>
              )}
              <Button
                onClick={() => {
                  reset();
                  void message.info(t.cancelled);
                }}
              >
                {t.cancel}
              </Button>
            </Space>
          </Space>
        </Card>
      )}

      {stage.step === 'imported' && (
        <Card>
          <Result
            status="success"
            title={<h2 className="rz-result-title">{t.done(stage.result.imported, kindLabel)}</h2>}
            subTitle={t.doneHint[kind]}
            extra={[
              <Button
                key="list"
                type="primary"
                onClick={() => navigate(kind === 'teams' ? '/teams' : '/volunteers')}
              >
                {t.goList[kind]}
              </Button>,
              <Button key="again" onClick={() => reset()}>
                {t.again}
              </Button>,
            ]}
          />
        </Card>
      )}
    </div>
  );
}
