import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import type { FieldCrypto } from '../../server/security/fieldCrypto';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { mayKeepRegistry } from '../identity/policy';
import { scopeOf } from '../identity/scope';
import { teamColumns, volunteerColumns } from './columns';
import type { ProgressListener } from './progress';
import type { RowError } from './rowParsing';
import { readDataRows } from './sheetReader';
import { prepareTeamWrite, validateTeams } from './teamImport';
import { inspectXlsx } from './uploadSafety';
import { prepareVolunteerWrite, validateVolunteers, type Writer } from './volunteerImport';

export const importModes = ['validate', 'all-or-nothing', 'valid-only'] as const;
export type ImportMode = (typeof importModes)[number];
export type ImportKind = 'volunteers' | 'teams';

export interface ImportResult {
  /** Data rows in the file (blank rows and the template's example row not counted). */
  total: number;
  /** Rows without any error. */
  valid: number;
  errors: RowError[];
  imported: number;
}

/**
 * From this size on the file is parsed in a worker thread while the rows are checked here. Below it,
 * starting a worker and loading exceljs there would cost more than it saves.
 */
const WORKER_MIN_BYTES = 512 * 1024;

interface Plan {
  total: number;
  valid: unknown[];
  errors: RowError[];
  /** Builds (and encrypts) the records; the returned writer runs inside the transaction. */
  prepare(): Promise<Writer>;
}

/** A unique index fired: someone registered the same person while the import was running. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Bulk registration from a spreadsheet: check the upload, read the rows, validate all of them, then
 * (depending on the mode) write the valid ones in one transaction with one audit row.
 */
export class ImportsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly crypto: FieldCrypto,
  ) {}

  async run(
    kind: ImportKind,
    actor: Actor,
    file: Buffer,
    mode: ImportMode,
    context: AuditContext,
    onProgress: ProgressListener = () => {},
  ): Promise<ImportResult> {
    try {
      const result = await this.execute(kind, actor, file, mode, context, onProgress);
      onProgress({ phase: 'done', processed: result.total, total: result.total });
      return result;
    } catch (error) {
      onProgress({ phase: 'failed', processed: 0, total: 0 });
      throw error;
    }
  }

  private async execute(
    kind: ImportKind,
    actor: Actor,
    file: Buffer,
    mode: ImportMode,
    context: AuditContext,
    onProgress: ProgressListener,
  ): Promise<ImportResult> {
    if (!mayKeepRegistry(actor)) throw new AppError('FORBIDDEN', '您的角色不能批量登记');
    const scope = scopeOf(actor);
    onProgress({ phase: 'checking', processed: 0, total: 0 });
    await inspectXlsx(file);
    const validating = (processed: number, total: number) =>
      onProgress({ phase: 'validating', processed, total });
    // Rows are checked while they are still being read; the total is known once all are read.
    const rows = readDataRows(
      file,
      kind === 'volunteers' ? volunteerColumns : teamColumns,
      kind === 'volunteers' ? '身份证号' : '队伍名称',
      kind === 'volunteers' ? '志愿者' : '队伍',
      { worker: file.length >= WORKER_MIN_BYTES, onRead: (n) => validating(n, 0) },
    );
    validating(0, 0);
    const writing = (processed: number, total: number) => onProgress({ phase: 'writing', processed, total });
    const plan: Plan =
      kind === 'volunteers'
        ? await validateVolunteers(this.db, this.crypto, scope, rows, validating).then((o) => ({
            ...o,
            prepare: () => prepareVolunteerWrite(this.crypto, actor, o.valid, writing),
          }))
        : await validateTeams(this.db, scope, rows, validating).then((o) => ({
            ...o,
            prepare: () => prepareTeamWrite(this.crypto, actor, o.valid, writing),
          }));
    const result: ImportResult = {
      total: plan.total,
      valid: plan.valid.length,
      errors: plan.errors,
      imported: 0,
    };
    const wanted = mode === 'valid-only' || (mode === 'all-or-nothing' && plan.errors.length === 0);
    if (!wanted || plan.valid.length === 0) return result;

    writing(0, plan.valid.length);
    const write = await plan.prepare();
    try {
      result.imported = await this.db.transaction().execute(async (tx) => {
        const written = await write(tx);
        await new AuditRepo(tx).write(context, {
          action: `import.${kind}`,
          result: 'success',
          targetType: kind === 'volunteers' ? 'volunteer' : 'team',
          regionCode: actor.regionCode,
          detail: {
            mode,
            total: result.total,
            valid: result.valid,
            errorRows: new Set(result.errors.map((e) => e.row)).size,
            imported: written,
          },
        });
        return written;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError(
          'CONFLICT',
          '导入期间有人登记了相同的身份证号、手机号或编号，本次未导入任何数据，请重新导入',
        );
      }
      throw error;
    }
    return result;
  }
}
