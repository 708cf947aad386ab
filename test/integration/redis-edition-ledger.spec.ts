import { randomUUID } from 'node:crypto';
import { RedisEditionLedger } from '@marquee/newsletter';
import Redis from 'ioredis';
import { describeEditionLedgerContract } from '../support/edition-ledger.contract';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const RUN_PREFIX = `test:edition-ledger:${randomUUID()}:`;
const clients: Redis[] = [];

afterAll(async () => {
  const admin = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${RUN_PREFIX}*`, 'COUNT', 1000);
    if (keys.length) await admin.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await admin.quit();
  await Promise.all(clients.map((c) => c.quit()));
});

describeEditionLedgerContract('RedisEditionLedger', {
  open: async (namespace) => {
    const client = new Redis(REDIS_URL);
    clients.push(client);
    return new RedisEditionLedger(client, `${RUN_PREFIX}${namespace}:`);
  },
  durable: true,
});
