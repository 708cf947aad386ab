import { backoffDelay, retrying } from './retry';

const policy = { attempts: 4, initialDelayMs: 1, maxDelayMs: 3 };

describe('retrying', () => {
  it('tries until the operation succeeds, doubling the wait up to the maximum', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await retrying(async () => (++calls < 4 ? Promise.reject(new Error('not yet')) : 'done'), policy, {
      onRetry: (_error, _attempt, delay) => delays.push(delay),
    });
    expect(result).toBe('done');
    expect(delays).toEqual([1, 2, 3]);
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay({ attempts: 9, initialDelayMs: 100, maxDelayMs: 1_000 }, attempt))).toEqual([
      100, 200, 400, 800, 1_000,
    ]);
  });

  it('gives up after the last try with the last failure', async () => {
    let calls = 0;
    await expect(retrying(async () => Promise.reject(new Error(`failure ${++calls}`)), policy)).rejects.toThrow('failure 4');
  });

  it('does not try again what cannot succeed', async () => {
    let calls = 0;
    const operation = async () => {
      calls += 1;
      throw new Error('refused');
    };
    await expect(retrying(operation, policy, { retriable: () => false })).rejects.toThrow('refused');
    expect(calls).toBe(1);
  });
});
