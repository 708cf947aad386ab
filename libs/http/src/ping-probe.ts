import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

/** A terminus check that is up while `ping` resolves and down, with the error's message, when it rejects. */
export const pingProbe =
  (indicators: HealthIndicatorService, name: string, ping: () => Promise<void>) => async (): Promise<HealthIndicatorResult> => {
    const indicator = indicators.check(name);
    try {
      await ping();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  };
