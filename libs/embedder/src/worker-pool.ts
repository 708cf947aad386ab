import { Worker } from 'node:worker_threads';

/**
 * Worker protocol: a worker posts `{ type: 'ready', info }` once it can take work (or
 * `{ type: 'failed', error }`), then answers each `{ id, payload }` with
 * `{ id, ok: true, result }` or `{ id, ok: false, error }`.
 */
type WorkerMessage<Result, Info> =
  | { type: 'ready'; info: Info }
  | { type: 'failed'; error: string }
  | { id: number; ok: true; result: Result }
  | { id: number; ok: false; error: string };

export interface WorkerPoolOptions {
  /** Absolute path of a CommonJS worker script speaking the protocol above. */
  script: string;
  size: number;
  workerData?: unknown;
  /** Called when a worker dies and is replaced, for logging. */
  onWorkerExit?: (message: string) => void;
  /** First delay before retrying a replacement worker that failed to start; doubles up to 30 s. */
  respawnDelayMs?: number;
}

/**
 * `interactive` jobs (a search query, say) take turns task by task and go before any `bulk` job;
 * `bulk` jobs (indexing) run first come, first served, so the oldest finishes first and its
 * results can move on while the next one runs.
 */
export type JobLane = 'interactive' | 'bulk';

interface Job<Payload, Result> {
  lane: JobLane;
  payloads: Payload[];
  results: Result[];
  next: number;
  outstanding: number;
  settled: boolean;
  resolve(results: Result[]): void;
  reject(error: Error): void;
}

interface Slot<Payload, Result> {
  worker: Worker;
  ready: boolean;
  current?: { job: Job<Payload, Result>; index: number; id: number };
  lastError?: string;
}

const MAX_RESPAWN_DELAY_MS = 30_000;

/**
 * A fixed-size pool of worker threads. Each `run` call is a job of several tasks; idle workers take
 * the next task of the interactive jobs in round-robin order, so a large job cannot starve a small
 * query, then the tasks of the bulk jobs in order. A worker that dies fails the job it was serving
 * and is replaced.
 */
export class WorkerPool<Payload, Result, Info = unknown> {
  private readonly slots = new Set<Slot<Payload, Result>>();
  /** Jobs with tasks not yet handed out: interactive ones in round-robin order, bulk ones in arrival order. */
  private readonly waiting: Record<JobLane, Job<Payload, Result>[]> = { interactive: [], bulk: [] };
  private nextTaskId = 1;
  private closed = false;
  private respawnDelayMs: number;

  private constructor(
    private readonly options: WorkerPoolOptions,
    readonly info: Info,
  ) {
    this.respawnDelayMs = options.respawnDelayMs ?? 1_000;
  }

  /** Starts every worker and resolves once all are ready, with the info the first one reported. */
  static async start<Payload, Result, Info>(options: WorkerPoolOptions): Promise<WorkerPool<Payload, Result, Info>> {
    if (!Number.isInteger(options.size) || options.size < 1) throw new Error(`pool size must be a positive integer, got ${options.size}`);
    const workers = Array.from({ length: options.size }, () => new Worker(options.script, { workerData: options.workerData }));
    const started = await Promise.allSettled(workers.map(waitUntilReady<Info>));
    const failure = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw failure.reason;
    }
    const pool = new WorkerPool<Payload, Result, Info>(options, (started[0] as PromiseFulfilledResult<Info>).value);
    for (const worker of workers) pool.adopt(worker);
    return pool;
  }

  get size(): number {
    return this.slots.size;
  }

  /** Runs every payload as one task and resolves with the results in order; rejects on the first failure. */
  run(payloads: Payload[], lane: JobLane = 'interactive'): Promise<Result[]> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    if (payloads.length === 0) return Promise.resolve([]);
    return new Promise<Result[]>((resolve, reject) => {
      this.waiting[lane].push({
        lane,
        payloads,
        results: new Array(payloads.length),
        next: 0,
        outstanding: payloads.length,
        settled: false,
        resolve,
        reject,
      });
      this.dispatch();
    });
  }

  /** Fails queued and running jobs and terminates the workers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = new Error('worker pool is closed');
    for (const job of this.takeAllWaiting()) this.fail(job, error);
    const workers = [...this.slots].map((slot) => {
      if (slot.current) this.fail(slot.current.job, error);
      return slot.worker;
    });
    this.slots.clear();
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private adopt(worker: Worker): void {
    const slot: Slot<Payload, Result> = { worker, ready: true };
    this.slots.add(slot);
    worker.on('message', (message: WorkerMessage<Result, Info>) => this.onMessage(slot, message));
    worker.on('error', (error) => (slot.lastError = error.message));
    worker.on('exit', (code) => this.onExit(slot, code));
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.current) continue;
      const job = this.waiting.interactive.shift() ?? this.waiting.bulk[0];
      if (job === undefined) return;
      const index = job.next++;
      if (job.lane === 'interactive' && job.next < job.payloads.length) this.waiting.interactive.push(job);
      if (job.lane === 'bulk' && job.next === job.payloads.length) this.waiting.bulk.shift();
      const id = this.nextTaskId++;
      slot.current = { job, index, id };
      slot.worker.postMessage({ id, payload: job.payloads[index] });
    }
  }

  private onMessage(slot: Slot<Payload, Result>, message: WorkerMessage<Result, Info>): void {
    if (!('id' in message) || message.id !== slot.current?.id) return;
    const { job, index } = slot.current;
    slot.current = undefined;
    if (message.ok) {
      job.results[index] = message.result;
      if (--job.outstanding === 0 && !job.settled) {
        job.settled = true;
        job.resolve(job.results);
      }
    } else {
      this.fail(job, new Error(message.error));
    }
    this.dispatch();
  }

  private onExit(slot: Slot<Payload, Result>, code: number): void {
    if (!this.slots.delete(slot) || this.closed) return;
    const reason = `worker exited with code ${code}${slot.lastError ? `: ${slot.lastError}` : ''}`;
    if (slot.current) this.fail(slot.current.job, new Error(`task failed because its ${reason}`));
    this.options.onWorkerExit?.(`${reason}; starting a replacement`);
    this.respawn();
  }

  private respawn(): void {
    if (this.closed) return;
    const worker = new Worker(this.options.script, { workerData: this.options.workerData });
    waitUntilReady(worker).then(
      () => {
        if (this.closed) return void worker.terminate();
        this.respawnDelayMs = this.options.respawnDelayMs ?? 1_000;
        this.adopt(worker);
      },
      (error: Error) => {
        void worker.terminate();
        if (this.closed) return;
        // Nothing may be able to serve queued jobs for a while: fail them rather than hang.
        if (this.slots.size === 0) for (const job of this.takeAllWaiting()) this.fail(job, error);
        this.options.onWorkerExit?.(`replacement worker failed to start (${error.message}); retrying in ${this.respawnDelayMs} ms`);
        setTimeout(() => this.respawn(), this.respawnDelayMs).unref();
        this.respawnDelayMs = Math.min(this.respawnDelayMs * 2, MAX_RESPAWN_DELAY_MS);
      },
    );
  }

  private takeAllWaiting(): Job<Payload, Result>[] {
    return [...this.waiting.interactive.splice(0), ...this.waiting.bulk.splice(0)];
  }

  private fail(job: Job<Payload, Result>, error: Error): void {
    const queue = this.waiting[job.lane];
    const queued = queue.indexOf(job);
    if (queued >= 0) queue.splice(queued, 1);
    if (job.settled) return;
    job.settled = true;
    job.reject(error);
  }
}

const waitUntilReady = <Info>(worker: Worker): Promise<Info> =>
  new Promise<Info>((resolve, reject) => {
    let lastError: Error | undefined;
    const onMessage = (message: WorkerMessage<unknown, Info>) => {
      if (!('type' in message)) return;
      cleanup();
      if (message.type === 'ready') resolve(message.info);
      else reject(new Error(message.error));
    };
    const onError = (error: Error) => (lastError = error);
    const onExit = (code: number) => {
      cleanup();
      reject(lastError ?? new Error(`worker exited with code ${code} before it was ready`));
    };
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
