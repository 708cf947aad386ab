import { existsSync, readFileSync, rmSync } from 'node:fs';
import { SHARED_MOCK_STATE_FILE, type SharedKafkaMock } from '../support/kafka-env';

/** Removes the state file only if it still describes this run's cluster (another run may have replaced it). */
const removeStateFile = (claimsDir: string): void => {
  if (!existsSync(SHARED_MOCK_STATE_FILE)) return;
  const state = JSON.parse(readFileSync(SHARED_MOCK_STATE_FILE, 'utf8')) as SharedKafkaMock;
  if (state.claimsDir === claimsDir) rmSync(SHARED_MOCK_STATE_FILE, { force: true });
};

/** Once per project that ran the global setup; the last one stops the shared cluster. */
export default async function globalTeardown(): Promise<void> {
  globalThis.sharedKafkaMockUsers = Math.max(0, (globalThis.sharedKafkaMockUsers ?? 1) - 1);
  if (globalThis.sharedKafkaMockUsers > 0) return;
  const mock = globalThis.sharedKafkaMock;
  globalThis.sharedKafkaMock = undefined;
  const claimsDir = process.env.KAFKA_MOCK_CLAIMS_DIR;
  if (claimsDir) {
    rmSync(claimsDir, { recursive: true, force: true });
    removeStateFile(claimsDir);
  }
  await mock?.stop();
}
