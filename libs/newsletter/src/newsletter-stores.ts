import { join } from 'node:path';
import Redis from 'ioredis';
import { FileEditionLedger } from './ledger/file-edition-ledger';
import { RedisEditionLedger } from './ledger/redis-edition-ledger';
import type { EditionLedger } from './ports/edition-ledger.port';

/** Where editions keep their outputs and ledger; the CLI and the erasure consumer take the same. */
export interface NewsletterStoreOptions {
  outDirectory: string;
  /** With Redis the ledger lives there (every CLI run and every API replica see one ledger); else in `<outDirectory>/ledger`. */
  redis?: { url: string; keyPrefix: string };
}

/** The edition ledger the options name; `close` also closes the Redis connection it opened. */
export const editionLedgerFor = (options: NewsletterStoreOptions): EditionLedger => {
  if (!options.redis) return new FileEditionLedger(join(options.outDirectory, 'ledger'));
  const client = new Redis(options.redis.url, { maxRetriesPerRequest: 2 });
  const ledger = new RedisEditionLedger(client, options.redis.keyPrefix);
  return Object.assign(ledger, {
    close: async () => {
      await client.quit();
    },
  });
};
