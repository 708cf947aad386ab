/**
 * autocannon in a child process, so the load generator does not share the event loop of the
 * servers it measures. The parent forks this file once and sends it one job at a time.
 */
import { fork, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';

export interface LoadJob {
  /** Base URL, e.g. http://127.0.0.1:1234 */
  origin: string;
  /** Paths requested in turn; one path means the same URL every time. */
  paths: string[];
  connections: number;
  durationSeconds: number;
  /** Requests per second over all connections (open loop); unset: each connection sends as fast as answers come (closed loop). */
  overallRate?: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  /** Latency percentiles in ms (autocannon's histogram has 1 ms resolution). */
  p50: number;
  p99: number;
  mean: number;
  errors: number;
  non2xx: number;
}

const CHILD_FLAG = 'MARQUEE_LOAD_GENERATOR_CHILD';

const runJob = async ({ origin, paths, connections, durationSeconds, overallRate }: LoadJob): Promise<LoadResult> => {
  let next = 0;
  const result = await autocannon({
    url: origin,
    connections,
    duration: durationSeconds,
    ...(overallRate === undefined ? {} : { overallRate }),
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
