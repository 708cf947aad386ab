import { existsSync, readFileSync, rmSync } from 'node:fs';
import { SHARED_MOCK_STATE_FILE, type SharedKafkaMock } from '../support/kafka-env';

/** Removes the state file only if it still describes this run's cluster (another run may have replaced it). */
const removeStateFile = (claimsDir: string): void => {
  if (!existsSync(SHARED_MOCK_STATE_FILE)) return;
  const state = JSON.parse(readFileSync(SHARED_MOCK_STATE_FILE, 'utf8')) as SharedKafkaMock;
  if (state.claimsDir === claimsDir) rmSync(SHARED_MOCK_STATE_FILE, { force: true });
};

export default async function globalTeardown(): Promise<void> {
  const mock = globalThis.sharedKafkaMock;
  globalThis.sharedKafkaMock = undefined;
  const claimsDir = process.env.KAFKA_MOCK_CLAIMS_DIR;
  if (claimsDir) {
    rmSync(claimsDir, { recursive: true, force: true });
    removeStateFile(claimsDir);
  }
  await mock?.stop();
}
