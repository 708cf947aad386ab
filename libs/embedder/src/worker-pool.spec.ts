import { join } from 'node:path';
import { WorkerPool } from './worker-pool';

interface Payload {
  value?: string;
  fail?: string;
  crash?: boolean;
  wait?: number;
}
interface Result {
  value: string;
  threadId: number;
}

const script = join(__dirname, 'testing', 'echo.worker.js');
const start = (size: number, extra: { onWorkerExit?: (message: string) => void } = {}) =>
  WorkerPool.start<Payload, Result, { threadId: number }>({ script, size, ...extra });

describe('WorkerPool', () => {
  let pool: WorkerPool<Payload, Result, { threadId: number }> | undefined;
  afterEach(async () => pool?.close());

  it('returns results in order and spreads the tasks of one job over the workers', async () => {
    pool = await start(2);
    const results = await pool.run(['a', 'b', 'c', 'd'].map((value) => ({ value, wait: 20 })));
    expect(results.map((r) => r.value)).toEqual(['a', 'b', 'c', 'd']);
    expect(new Set(results.map((r) => r.threadId)).size).toBe(2);
  });

  it('interleaves jobs so a small job does not wait for a large one to finish', async () => {
    pool = await start(1);
    const finished: string[] = [];
    const large = pool.run(Array.from({ length: 6 }, (_, i) => ({ value: `large-${i}`, wait: 5 }))).then(() => finished.push('large'));
    const small = pool.run([{ value: 'small' }]).then(() => finished.push('small'));
    await Promise.all([large, small]);
    expect(finished).toEqual(['small', 'large']);
  });

  it('runs bulk jobs in the order they came, behind interactive jobs', async () => {
    pool = await start(1);
    const finished: string[] = [];
    const bulk = (name: string, tasks: number) =>
      pool!
        .run(
          Array.from({ length: tasks }, (_, i) => ({ value: `${name}-${i}`, wait: 5 })),
          'bulk',
        )
        .then(() => finished.push(name));
    // Taking turns, the one-task job would finish before the four-task job that came first.
    const jobs = [bulk('first', 4), bulk('second', 1)];
    jobs.push(pool.run([{ value: 'query' }]).then(() => finished.push('query')));
    await Promise.all(jobs);
    expect(finished).toEqual(['query', 'first', 'second']);
  });

  it('rejects a job whose task fails and keeps serving others', async () => {
    pool = await start(1);
    await expect(pool.run([{ value: 'ok' }, { fail: 'bad input' }])).rejects.toThrow('bad input');
    await expect(pool.run([{ value: 'next' }])).resolves.toEqual([expect.objectContaining({ value: 'next' })]);
  });

  it('rejects the job of a crashed worker and replaces the worker', async () => {
    const exits: string[] = [];
    pool = await start(1, { onWorkerExit: (message) => exits.push(message) });
    const before = pool.info.threadId;
    await expect(pool.run([{ crash: true }])).rejects.toThrow('exited with code 3');
    const [after] = await pool.run([{ value: 'alive' }]);
    expect(after.value).toBe('alive');
    expect(after.threadId).not.toBe(before);
    expect(exits).toEqual([expect.stringContaining('exited with code 3')]);
  });

  it('fails to start when a worker cannot load', async () => {
    await expect(WorkerPool.start({ script, size: 2, workerData: { failToStart: true } })).rejects.toThrow('cannot load the model');
  });

  it('rejects queued work on close and refuses new work', async () => {
    pool = await start(1);
    const running = pool.run([{ value: 'slow', wait: 200 }, { value: 'queued' }]);
    const outcome = expect(running).rejects.toThrow('closed');
    await pool.close();
    await outcome;
    await expect(pool.run([{ value: 'late' }])).rejects.toThrow('closed');
  });
});
