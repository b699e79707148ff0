import { AppError } from '../../server/errors';

export const importPhases = ['checking', 'validating', 'writing', 'done', 'failed'] as const;
export type ImportPhase = (typeof importPhases)[number];

export interface ImportProgress {
  phase: ImportPhase;
  processed: number;
  /** 0 while the rows are still being read and their number is not known. */
  total: number;
}

export type ProgressListener = (progress: ImportProgress) => void;

const TTL_MS = 10 * 60 * 1000;

/**
 * Progress of running imports, in this process's memory: keyed by a job id the client makes up,
 * readable only by the account that started the job, forgotten 10 minutes after its last update.
 */
export class ProgressBoard {
  private readonly jobs = new Map<string, { accountId: string; progress: ImportProgress; touched: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  private sweep(): void {
    const cutoff = this.now() - TTL_MS;
    for (const [job, entry] of this.jobs) if (entry.touched < cutoff) this.jobs.delete(job);
  }

  /** Claims a job id for an account; a running job of someone else's keeps its id. */
  start(job: string, accountId: string): ProgressListener {
    this.sweep();
    const existing = this.jobs.get(job);
    if (
      existing &&
      (existing.accountId !== accountId || !['done', 'failed'].includes(existing.progress.phase))
    ) {
      throw new AppError('CONFLICT', '该导入任务编号正在使用，请重新发起导入');
    }
    const entry = {
      accountId,
      progress: { phase: 'checking' as ImportPhase, processed: 0, total: 0 },
      touched: this.now(),
    };
    this.jobs.set(job, entry);
    return (progress) => {
      entry.progress = progress;
      entry.touched = this.now();
    };
  }

  read(job: string, accountId: string): ImportProgress | undefined {
    this.sweep();
    const entry = this.jobs.get(job);
    return entry && entry.accountId === accountId ? { ...entry.progress } : undefined;
  }
}
