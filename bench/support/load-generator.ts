/**
 * autocannon in a child process, so the load generator does not share the event loop of the
 * servers it measures. The parent forks this file once and sends it one job at a time.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import autocannon from 'autocannon';

export interface LoadJob {
  /** Base URL, e.g. http://127.0.0.1:1234 */
  origin: string;
  /** Paths requested in turn; one path means the same URL every time. */
  paths: string[];
  connections: number;
  durationSeconds: number;
  /**
   * Open loop: requests sent at this rate, evenly spaced, whether or not earlier ones were answered
   * (over up to `connections` keep-alive sockets, more when all are busy); unset: closed loop, each
   * connection sends as soon as its answer came.
   */
  overallRate?: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  /** Latency percentiles in ms (autocannon's histogram has 1 ms resolution; the open loop's 0.1 ms). */
  p50: number;
  p99: number;
  mean: number;
  errors: number;
  non2xx: number;
}

const CHILD_FLAG = 'MARQUEE_LOAD_GENERATOR_CHILD';

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

/**
 * autocannon's overallRate is no open loop: each connection sends its share of a second back to
 * back when the second starts, then waits, so requests queue as in a closed loop. This sends one
 * request every 1/rate s and times it from when it was due (no coordinated omission).
 */
const runOpenLoop = async ({ origin, paths, connections, durationSeconds, overallRate: rate = 1 }: LoadJob): Promise<LoadResult> => {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const count = Math.round(rate * durationSeconds);
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const url = new URL(paths[i % paths.length], origin);
    pending.push(
      new Promise<void>((resolve) => {
        const req = request(url, { agent }, (res) => {
          res.resume();
          res.on('end', () => {
            if ((res.statusCode ?? 0) >= 300) non2xx++;
            latencies.push(performance.now() - due);
            resolve();
          });
        });
        req.on('error', () => {
          errors++;
          resolve();
        });
        req.end();
      }),
    );
  }
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    requestsPerSecond: latencies.length / seconds,
    requests: latencies.length,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    mean: sorted.reduce((sum, ms) => sum + ms, 0) / Math.max(1, sorted.length),
    errors,
    non2xx,
  };
};

const runJob = async (job: LoadJob): Promise<LoadResult> => {
  if (job.overallRate !== undefined) return runOpenLoop(job);
  const { origin, paths, connections, durationSeconds } = job;
  let next = 0;
  const result = await autocannon({
    url: origin,
    connections,
    duration: durationSeconds,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }],
  });
  return {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.average,
    errors: result.errors,
    non2xx: result.non2xx,
  };
};

if (process.env[CHILD_FLAG] === '1' && process.send) {
  process.on('message', (job: LoadJob) => {
    runJob(job).then(
      (result) => process.send?.({ result }),
      (error: unknown) => process.send?.({ error: String(error) }),
    );
  });
}

export class LoadGenerator {
  private constructor(private readonly child: ChildProcess) {}

  static start(): LoadGenerator {
    const child = fork(__filename, [], {
      env: { ...process.env, [CHILD_FLAG]: '1' },
      execArgv: __filename.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only'] : [],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    return new LoadGenerator(child);
  }

  run(job: LoadJob): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`load generator exited with ${code}`));
      this.child.once('exit', onExit);
      this.child.once('message', (reply: { result?: LoadResult; error?: string }) => {
        this.child.off('exit', onExit);
        if (reply.result) resolve(reply.result);
        else reject(new Error(`load generator failed: ${reply.error}`));
      });
      this.child.send(job);
    });
  }

  stop(): void {
    this.child.kill();
  }
}
