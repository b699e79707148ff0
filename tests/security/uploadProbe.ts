/**
 * Runs one upload through the import's first two steps, alone in its own process, and reports the
 * outcome and the process's peak memory: `node --import tsx uploadProbe.ts <file>` prints one JSON line.
 * Used by uploadMemory.test.ts; not a test itself.
 */
import { readFileSync } from 'node:fs';
import { AppError } from '../../src/server/errors';
import { volunteerColumns } from '../../src/modules/imports/columns';
import { readDataRows } from '../../src/modules/imports/sheetReader';
import { inspectXlsx } from '../../src/modules/imports/uploadSafety';

export interface ProbeResult {
  outcome: 'refused' | 'parsed';
  code?: string;
  status?: number;
  message?: string;
  rows?: number;
  /** Peak resident set size of the whole process, in MB. */
  peakMb: number;
}

async function probe(file: Buffer): Promise<Omit<ProbeResult, 'peakMb'>> {
  try {
    await inspectXlsx(file);
    let rows = 0;
    for await (const batch of readDataRows(file, volunteerColumns, '身份证号', '志愿者'))
      rows += batch.length;
    return { outcome: 'parsed', rows };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { outcome: 'refused', code: error.code, status: error.status, message: error.message };
  }
}

const path = process.argv[2];
if (!path) throw new Error('usage: uploadProbe.ts <file>');
const result = await probe(readFileSync(path));
const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify({ ...result, peakMb } satisfies ProbeResult)}\n`);
