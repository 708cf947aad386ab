import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Shared with `test/setup/global-setup.ts`, which starts the cluster these helpers point to. */
export const SHARED_MOCK_STATE_FILE = resolve(__dirname, '../.tmp/kafka-mock.json');
export const SPARE_TOPIC_PARTITIONS = 3;
export const spareTopicNames = Array.from({ length: 20 }, (_, i) => `test-${i}`);

export interface SharedKafkaMock {
  bootstrap: string[];
  /** Where claims are recorded: one empty file per claimed topic, unique to the cluster's run. */
  claimsDir: string;
}

/**
 * The shared mock cluster of this jest run. Environment variables set in global setup reach
 * every worker; the state file is for processes started outside jest.
 */
export const sharedKafkaMock = (): SharedKafkaMock => {
  const bootstrap = process.env.KAFKA_MOCK_BOOTSTRAP;
  const claimsDir = process.env.KAFKA_MOCK_CLAIMS_DIR;
  if (bootstrap && claimsDir) return { bootstrap: bootstrap.split(','), claimsDir };
  if (existsSync(SHARED_MOCK_STATE_FILE)) return JSON.parse(readFileSync(SHARED_MOCK_STATE_FILE, 'utf8')) as SharedKafkaMock;
  throw new Error('no shared Kafka mock: run the tests through jest, whose global setup starts it');
};

export const kafkaBootstrap = (): string[] => sharedKafkaMock().bootstrap;

/**
 * Hands out one of the spare topics (3 partitions) that no other test of this run received.
 * Claims are files created exclusively, so test files running in parallel workers never share one.
 */
export const claimTopic = (): string => {
  const { claimsDir } = sharedKafkaMock();
  mkdirSync(claimsDir, { recursive: true });
  for (const topic of spareTopicNames) {
    try {
      closeSync(openSync(join(claimsDir, topic), 'wx'));
      return topic;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(
    `all ${spareTopicNames.length} spare Kafka topics are claimed in this run; ` +
      'add more in test/support/kafka-env.ts or start a cluster of your own with startKafkaMock',
  );
};
