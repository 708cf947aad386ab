import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(__dirname, '../..');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A Marquee app run from its TypeScript entry point in a process of its own, as in production. */
export interface NodeApp {
  readonly pid: number;
  /** Every line it wrote to stdout or stderr so far. */
  readonly lines: string[];
  readonly exited: Promise<Exit>;
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  kill(signal: NodeJS.Signals): void;
  /** `signal` (SIGTERM: a graceful stop), SIGKILL if still running after `graceMs`; resolves once it exited. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<Exit>;
}

/** What a child gets from this environment: enough to find node and its tools, nothing of the test's own settings. */
const baseEnv = (): Record<string, string> => {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG'];
  return Object.fromEntries(keep.flatMap((key) => (process.env[key] ? [[key, process.env[key] as string]] : [])));
};

/**
 * Starts `node -r ts-node/register/transpile-only -r tsconfig-paths/register <entry>` with `env`
 * (plus PATH and HOME). Register its `stop` with the test's Teardown as soon as it is started.
 */
export const startNodeApp = (entry: string, env: Record<string, string>): NodeApp => {
  const child: ChildProcess = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', entry], {
    cwd: ROOT,
    env: { ...baseEnv(), TZ: 'UTC', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      for (const listener of listeners) listener(line);
    });
  }
  const exited = new Promise<Exit>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  let running = true;
  void exited.then(() => (running = false));

  const waitForLine = (pattern: RegExp, timeoutMs = 60_000): Promise<string> => {
    const seen = lines.find((line) => pattern.test(line));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolveLine, reject) => {
      const stop = () => {
        listeners.delete(listener);
        clearTimeout(timer);
      };
      const listener = (line: string) => {
        if (!pattern.test(line)) return;
        stop();
        resolveLine(line);
      };
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; last lines:\n${lines.slice(-20).join('\n')}`));
      }, timeoutMs);
      listeners.add(listener);
      void exited.then(({ code, signal }) => {
        if (!listeners.has(listener)) return;
        stop();
        reject(new Error(`exited (${code ?? signal}) before a line matching ${pattern}; last lines:\n${lines.slice(-20).join('\n')}`));
      });
    });
  };

  return {
    pid: child.pid as number,
    lines,
    exited,
    waitForLine,
    kill: (signal) => {
      if (running) child.kill(signal);
    },
    stop: async (signal = 'SIGTERM', graceMs = 10_000) => {
      if (running) child.kill(signal);
      const deadline = setTimeout(() => running && child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(deadline);
      }
    },
  };
};
