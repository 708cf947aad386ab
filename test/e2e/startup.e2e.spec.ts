import { startNodeApp, type NodeApp } from '../support/child-process';

/** `npm start` as a newcomer runs it: where it listens, what it warns about, what it refuses. */
describe('API start-up (child process)', () => {
  const apps: NodeApp[] = [];
  const start = (env: Record<string, string>) => {
    const app = startNodeApp('apps/api/src/main.ts', { DEMO_CATALOGUE: 'false', PORT: '0', METRICS_PORT: 'off', ...env });
    apps.push(app);
    return app;
  };

  afterAll(async () => {
    for (const app of apps) app.kill('SIGKILL');
    await Promise.all(apps.map((app) => app.exited));
  });

  it('in embedded mode listens on 127.0.0.1 and warns loudly that the public development key accepts writes', async () => {
    const app = start({});
    await app.waitForLine(/serving on http:\/\/127\.0\.0\.1:\d+/, 90_000);
    const warning = await app.waitForLine(/development key/, 10_000);
    expect(warning).toMatch(/"level":40/);
    expect(warning).toMatch(/API_KEY is unset/);
    app.kill('SIGTERM');
    expect((await app.exited).code).toBe(0);
  }, 120_000);

  it('with NODE_ENV=production refuses to start on the development key, saying why', async () => {
    const app = start({ NODE_ENV: 'production' });
    expect((await app.exited).code).toBe(1);
    expect(app.lines.join('\n')).toMatch(/Marquee could not start: Invalid configuration:\s+API_KEY: NODE_ENV=production refuses/);
  }, 60_000);
});
