import { RedisEditionLedger } from '@marquee/newsletter';
import Redis from 'ioredis';
import { describeEditionLedgerContract } from '../support/edition-ledger.contract';
import { redisTestKeys, TEST_REDIS_URL } from '../support/redis-keys';

const { prefix: RUN_PREFIX } = redisTestKeys('edition-ledger');
const clients: Redis[] = [];

afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit()));
});

describeEditionLedgerContract('RedisEditionLedger', {
  open: async (namespace) => {
    const client = new Redis(TEST_REDIS_URL);
    clients.push(client);
    return new RedisEditionLedger(client, `${RUN_PREFIX}${namespace}:`);
  },
  durable: true,
});
