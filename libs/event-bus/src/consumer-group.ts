/** Offsets, members and redelivery backoff of one consumer group on one topic. */
export class ConsumerGroup<Member extends { wake(): void }> {
  /** Next offset to deliver per partition; undefined until a member says where to start. */
  private readonly committed: (number | undefined)[];
  private readonly members: Member[] = [];
  /** Partitions with a batch in flight: never two batches of one partition at once, even across a rebalance. */
  private readonly inFlight = new Set<number>();
  private readonly failures = new Map<number, { count: number; retryAt: number }>();

  constructor(partitionCount: number) {
    this.committed = Array.from({ length: partitionCount }, () => undefined);
  }

  /**
   * Starts partitions without a committed offset at the beginning or at the current end of the log;
   * `positions` moves the listed partitions, committed or not.
   */
  join(member: Member, startOffsets: (partition: number) => number, positions?: ReadonlyMap<number, number>): void {
    this.committed.forEach((offset, partition) => {
      const position = positions?.get(partition);
      if (position !== undefined) this.committed[partition] = position;
      else if (offset === undefined) this.committed[partition] = startOffsets(partition);
    });
    this.members.push(member);
    this.rebalance();
  }

  leave(member: Member): void {
    const index = this.members.indexOf(member);
    if (index >= 0) this.members.splice(index, 1);
    this.rebalance();
  }

  /** Round-robin: member i of n owns the partitions p with p mod n = i. */
  assignment(member: Member): number[] {
    const index = this.members.indexOf(member);
    if (index < 0) return [];
    return this.committed.map((_, p) => p).filter((p) => p % this.members.length === index);
  }

  position(partition: number): number {
    return this.committed[partition] ?? 0;
  }

  tryAcquire(partition: number): boolean {
    if (this.inFlight.has(partition)) return false;
    this.inFlight.add(partition);
    return true;
  }

  release(partition: number): void {
    this.inFlight.delete(partition);
    this.rebalance();
  }

  commit(partition: number, nextOffset: number): void {
    this.committed[partition] = nextOffset;
    this.failures.delete(partition);
  }

  /** Records a failed batch; returns how long to wait before delivering it again (doubling, capped). */
  fail(partition: number, now: number, backoff: { initialMs: number; maxMs: number }): number {
    const count = (this.failures.get(partition)?.count ?? 0) + 1;
    const delay = Math.min(backoff.initialMs * 2 ** Math.min(count - 1, 20), backoff.maxMs);
    this.failures.set(partition, { count, retryAt: now + delay });
    return delay;
  }

  retryAt(partition: number): number {
    return this.failures.get(partition)?.retryAt ?? 0;
  }

  /** Members re-read their assignment, and may pick up a partition another member just let go. */
  private rebalance(): void {
    for (const member of this.members) member.wake();
  }
}
