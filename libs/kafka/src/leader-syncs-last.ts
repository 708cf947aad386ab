import { PartitionAssigners, type PartitionAssigner } from 'kafkajs';

/**
 * kafkajs' round-robin assigner, whose `assign` (run by the group leader only, just before it sends
 * the group's assignment in its SyncGroup) first waits `delayMs`. The librdkafka mock cluster the
 * tests run on hands out the assignment as soon as the leader's SyncGroup arrives and answers a
 * follower's SyncGroup that comes after it with INVALID_REQUEST, which kafkajs treats as fatal (a
 * broker answers it with the follower's assignment). Waiting lets the followers sync first. Same
 * protocol name as the plain assigner, so members with and without the wait share a group.
 */
export const leaderSyncsLast =
  (delayMs: number): PartitionAssigner =>
  (config) => {
    const roundRobin = PartitionAssigners.roundRobin(config);
    return {
      ...roundRobin,
      assign: async (group) => {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        return roundRobin.assign(group);
      },
    };
  };
