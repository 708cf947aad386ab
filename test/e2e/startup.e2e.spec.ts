import { connect } from 'node:net';
import { startNodeApp, type NodeApp } from '../support/child-process';

/** `npm start` as a newcomer runs it: where it listens, what it warns about, what it refuses. */
describe('API start-up (child process)', () => {
  const apps: NodeApp[] = [];
  const start = (env: Record<string, string>) => {
    const app = startNodeApp('apps/api/src/main.ts', { DEMO_CATALOGUE: 'false', PORT: '0', METRICS_PORT: '0', ...env });
    apps.push(app);
    return app;
  };

  afterAll(async () => {
    for (const app of apps) app.kill('SIGKILL');
    await Promise.all(apps.map((app) => app.exited));
  });

  it('in embedded mode listens on 127.0.0.1 and warns loudly that the public development key accepts writes, logging no secret', async () => {
    const app = start({ LOG_LEVEL: 'debug' });
    const serving = await app.waitForLine(/serving on http:\/\/127\.0\.0\.1:\d+/, 90_000);
    const warning = await app.waitForLine(/development key/, 10_000);
    expect(warning).toMatch(/"level":40/);
    expect(warning).toMatch(/API_KEY is unset/);

    // Keys in query strings and headers never reach the log, on a logged success (debug) or refusal (warn).
    const origin = /(http:\/\/127\.0\.0\.1:\d+)/.exec(serving)?.[1] as string;
    expect((await fetch(`${origin}/?api_key=leak-1`, { headers: { cookie: 'sid=leak-2' } })).status).toBe(200);
    const refused = await fetch(`${origin}/events?access_token=leak-3`, { method: 'POST', headers: { 'x-api-key': 'leak-4-wrong-key' } });
    expect(refused.status).toBe(401);
    await app.waitForLine(/"statusCode":401/, 10_000);
    // Metrics on a port of their own, bound like the app; the public port has none.
    const metricsUrl = /metrics on (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(await app.waitForLine(/metrics on /, 10_000))?.[1] as string;
    expect(await (await fetch(metricsUrl)).text()).toMatch(/^marquee_related_cache_requests_total\{outcome="miss"\} \d+$/m);
    expect((await fetch(`${origin}/metrics`)).status).toBe(404);
    // A client gone before its body arrived is logged at debug, never as a server error.
    const socket = connect(Number(new URL(origin).port), '127.0.0.1', () =>
      socket.write('POST /feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"type":'),
    );
    setTimeout(() => socket.destroy(), 200);
    expect(await app.waitForLine(/client closed the connection/, 10_000)).toMatch(/"level":20/);
    const requestLines = app.lines.filter((line) => line.includes('request completed'));
    expect(requestLines.join('\n')).toMatch(/\/\?api_key=\[REDACTED\][\s\S]*access_token=\[REDACTED\]/);
    expect(app.lines.join('\n')).not.toMatch(/leak-\d/);
    expect(app.lines.filter((line) => /"level":50/.test(line))).toEqual([]);
    app.kill('SIGTERM');
    expect((await app.exited).code).toBe(0);
  }, 120_000);

  it('with NODE_ENV=production refuses to start on the development key, saying why', async () => {
    const app = start({ NODE_ENV: 'production' });
    expect((await app.exited).code).toBe(1);
    expect(app.lines.join('\n')).toMatch(/Marquee could not start: Invalid configuration:\s+API_KEY: NODE_ENV=production refuses/);
  }, 60_000);
});
