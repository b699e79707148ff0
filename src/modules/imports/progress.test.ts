import { describe, expect, it } from 'vitest';
import { ProgressBoard } from './progress';

describe('import progress board', () => {
  it('shows a job only to the account that started it, and forgets it 10 minutes after its last update', () => {
    let now = 0;
    const board = new ProgressBoard(() => now);
    const update = board.start('job-1', 'alice');
    update({ phase: 'validating', processed: 10, total: 40 });
    expect(board.read('job-1', 'alice')).toEqual({ phase: 'validating', processed: 10, total: 40 });
    expect(board.read('job-1', 'bob')).toBeUndefined();

    now += 9 * 60_000;
    update({ phase: 'done', processed: 40, total: 40 });
    now += 9 * 60_000;
    expect(board.read('job-1', 'alice')?.phase).toBe('done');
    now += 2 * 60_000;
    expect(board.read('job-1', 'alice')).toBeUndefined();
  });

  it('does not let another account take over a job id', () => {
    const board = new ProgressBoard();
    const update = board.start('job-2', 'alice');
    expect(() => board.start('job-2', 'bob')).toThrow('正在使用');
    expect(() => board.start('job-2', 'alice')).toThrow('正在使用');
    update({ phase: 'done', processed: 1, total: 1 });
    expect(() => board.start('job-2', 'alice')).not.toThrow();
  });
});
