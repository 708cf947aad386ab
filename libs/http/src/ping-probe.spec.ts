import { HealthIndicatorService } from '@nestjs/terminus';
import { pingProbe } from './ping-probe';

describe('pingProbe', () => {
  const indicators = new HealthIndicatorService();

  it('is up while the ping resolves', async () => {
    await expect(pingProbe(indicators, 'store', () => Promise.resolve())()).resolves.toEqual({ store: { status: 'up' } });
  });

  it('is down with the error message when the ping rejects', async () => {
    const probe = pingProbe(indicators, 'store', () => Promise.reject(new Error('connection refused')));
    await expect(probe()).resolves.toEqual({ store: { status: 'down', message: 'connection refused' } });
  });
});
