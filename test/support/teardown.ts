import type { INestApplicationContext } from '@nestjs/common';

interface Step {
  name: string;
  cleanup: () => unknown;
  timeoutMs: number;
}

/** Longest one cleanup may take before the next runs anyway. */
const STEP_TIMEOUT_MS = 20_000;

/**
 * What a test started, stopped in reverse order however the test ended. Register each thing the
 * moment it exists (before the step that may fail: an app before its `init`), so a failure half-way
 * through a `beforeAll` leaves nothing running. Every cleanup is tried even when one before it
 * fails or hangs (each is bounded), so the processes and clusters started first are always
 * stopped; the failures are reported together afterwards. Something registered after the teardown
 * ran (a start that outlived a timed-out `beforeAll`) is cleaned up at once.
 */
export class Teardown {
  private readonly steps: Step[] = [];
  private ran = false;

  constructor(private readonly stepTimeoutMs = STEP_TIMEOUT_MS) {}

  add(name: string, cleanup: () => unknown, timeoutMs = this.stepTimeoutMs): void {
    const step = { name, cleanup, timeoutMs };
    if (this.ran) {
      this.runStep(step).catch((error: unknown) => console.error(`teardown of ${name} (late) failed:`, error));
      return;
    }
    this.steps.push(step);
  }

  /** Registers `thing`'s cleanup and returns it: `const bus = teardown.track('bus', new Bus(), (b) => b.close())`. */
  track<T>(name: string, thing: T, cleanup: (thing: T) => unknown): T {
    this.add(name, () => cleanup(thing));
    return thing;
  }

  /** Runs every cleanup, last registered first; rejects afterwards if any failed or timed out. */
  async run(): Promise<void> {
    this.ran = true;
    const failures: string[] = [];
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await this.runStep(step);
      } catch (error) {
        failures.push(`${step.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (failures.length > 0) throw new Error(`teardown failed:\n${failures.join('\n')}`);
  }

  private async runStep({ name, cleanup, timeoutMs }: Step): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${name} did not stop within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([Promise.resolve().then(cleanup), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A Teardown run by the enclosing `describe`'s `afterAll` (or the file's, at top level). */
export const teardownAfterAll = (timeoutMs = 120_000): Teardown => {
  const teardown = new Teardown();
  afterAll(() => teardown.run(), timeoutMs);
  return teardown;
};

/**
 * Initialises a Nest app created by `create`, registered for teardown before its `init`: an init
 * that fails half-way (a consumer that could not join its group, say) still has the consumers,
 * producers and models it started closed. Its `close` runs once, so a test may close it itself.
 */
export const initApp = async <App extends INestApplicationContext>(
  teardown: Teardown,
  name: string,
  create: () => Promise<App>,
): Promise<App> => {
  const app = await create();
  const close = app.close.bind(app);
  let closing: Promise<void> | undefined;
  app.close = () => (closing ??= close());
  teardown.add(name, () => app.close());
  await app.init();
  return app;
};
