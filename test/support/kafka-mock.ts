import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(__dirname, '../..');
const SOURCE = join(ROOT, 'test/kafka-mock/mock-cluster.c');
const BINARY = join(ROOT, 'test/.tmp/kafka-mock');

export interface MockTopic {
  name: string;
  partitions: number;
}

export interface KafkaMockOptions {
  brokers?: number;
  topics?: MockTopic[];
}

export interface KafkaMock {
  /** `host:port` of every broker, ids 1..n in order. */
  bootstrap: string[];
  pid: number;
  /** Closes the broker's connections and refuses new ones; its partitions keep it as leader. */
  brokerDown(brokerId: number): Promise<void>;
  brokerUp(brokerId: number): Promise<void>;
  createTopic(topic: MockTopic): Promise<void>;
  setLeader(topic: string, partition: number, brokerId: number): Promise<void>;
  setGroupCoordinator(groupId: string, brokerId: number): Promise<void>;
  stop(): Promise<void>;
}

/** Builds the launcher when it is missing or older than its source; the rename keeps concurrent builds safe. */
export const buildKafkaMock = (): string => {
  if (existsSync(BINARY) && statSync(BINARY).mtimeMs >= statSync(SOURCE).mtimeMs) return BINARY;
  mkdirSync(join(ROOT, 'test/.tmp'), { recursive: true });
  const partial = `${BINARY}.${process.pid}`;
  execFileSync('gcc', ['-O1', '-o', partial, SOURCE, '-lrdkafka'], { stdio: ['ignore', 'inherit', 'inherit'] });
  renameSync(partial, BINARY);
  return BINARY;
};

/**
 * Starts librdkafka's mock cluster in a child process. Its stdin stays piped to us: when this
 * process dies, the launcher reads EOF and exits, so no cluster outlives its test run.
 */
export const startKafkaMock = async ({ brokers = 3, topics = [] }: KafkaMockOptions = {}): Promise<KafkaMock> => {
  const binary = buildKafkaMock();
  const args = ['--brokers', String(brokers), ...topics.map((t) => `${t.name}:${t.partitions}`)];
  const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const first = await lines.next();
  if (first.done || !first.value.startsWith('BOOTSTRAP ')) {
    child.kill();
    throw new Error(`kafka mock did not start: ${first.value ?? ''} ${stderr.join('')}`.trim());
  }
  const bootstrap = first.value.slice('BOOTSTRAP '.length).trim().split(',');
  return new MockHandle(child, lines, exited, bootstrap);
};

class MockHandle implements KafkaMock {
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly lines: AsyncIterator<string>,
    private readonly exited: Promise<void>,
    readonly bootstrap: string[],
  ) {}

  get pid(): number {
    return this.child.pid as number;
  }

  brokerDown = (brokerId: number) => this.command(`down ${brokerId}`);
  brokerUp = (brokerId: number) => this.command(`up ${brokerId}`);
  createTopic = ({ name, partitions }: MockTopic) => this.command(`create ${name} ${partitions}`);
  setLeader = (topic: string, partition: number, brokerId: number) => this.command(`leader ${topic} ${partition} ${brokerId}`);
  setGroupCoordinator = (groupId: string, brokerId: number) => this.command(`coordinator ${groupId} ${brokerId}`);

  async stop(): Promise<void> {
    if (this.stopped) return this.exited;
    this.stopped = true;
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** Commands are answered one line each, in order; the queue pairs every reply with its command. */
  private command(line: string): Promise<void> {
    if (/[\r\n]/.test(line)) return Promise.reject(new Error('a mock command is one line'));
    const run = async () => {
      if (this.stopped) throw new Error('kafka mock is stopped');
      this.child.stdin.write(`${line}\n`);
      const answer = await this.lines.next();
      if (answer.done) throw new Error(`kafka mock exited while running "${line}"`);
      if (answer.value !== 'OK') throw new Error(`kafka mock refused "${line}": ${answer.value}`);
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
