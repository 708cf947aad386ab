import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ), 100 on every common Linux build. */
const TICKS_PER_SECOND = 100;

/** utime + stime of a /proc stat line, in seconds; the command name may hold spaces and parentheses. */
const statSeconds = (path: string): number => {
  const stat = readFileSync(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
};

export interface CpuSample {
  /** CPU seconds per thread id of this process. */
  threads: Map<number, number>;
  /** CPU seconds of other processes, by pid. */
  processes: Map<number, number>;
}

/** CPU time used so far by each thread of this process and by the given processes (Linux only; empty elsewhere). */
export const sampleCpu = (otherPids: number[] = []): CpuSample => {
  const threads = new Map<number, number>();
  const processes = new Map<number, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) threads.set(Number(tid), statSeconds(`/proc/self/task/${tid}/stat`));
    for (const pid of otherPids) processes.set(pid, statSeconds(`/proc/${pid}/stat`));
  } catch {
    // Not Linux, or a thread ended while being read: the report says what it could measure.
  }
  return { threads, processes };
};

export interface CpuSpent {
  mainThread: number;
  /** Every other thread of this process: worker threads (the embedder's), V8's and libuv's. */
  otherThreads: number;
  otherProcesses: number;
}

/** CPU seconds spent between two samples; threads that started in between count from zero. */
export const cpuSpent = (before: CpuSample, after: CpuSample): CpuSpent => {
  let mainThread = 0;
  let otherThreads = 0;
  for (const [tid, seconds] of after.threads) {
    const spent = seconds - (before.threads.get(tid) ?? 0);
    if (tid === process.pid) mainThread += spent;
    else otherThreads += spent;
  }
  let otherProcesses = 0;
  for (const [pid, seconds] of after.processes) otherProcesses += seconds - (before.processes.get(pid) ?? 0);
  return { mainThread, otherThreads, otherProcesses };
};
