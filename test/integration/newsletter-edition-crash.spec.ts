import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recommendingSettings } from '@marquee/config';
import { editionTools } from '@marquee/newsletter';
import Redis from 'ioredis';
import { SyntheticSubscriberSource } from '../../apps/newsletter/src/synthetic-subscribers';
import { startNodeApp, type NodeApp } from '../support/child-process';
import { CHILD_EDITION, EDITION_NOW, editionFixtureCatalogue, newsletterConfig, newsletterTestSettings } from '../support/newsletter';

/**
 * An edition run in a process of its own, killed with SIGKILL mid-run, then run again to the end:
 * every subscriber due a newsletter has exactly one (three files, one ledger entry), none is
 * skipped, none doubled, and each is byte for byte what an uninterrupted run produces.
 */
const SUBSCRIBERS = 800;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const children: NodeApp[] = [];

/** What an uninterrupted run produces: each subscriber due a newsletter, with its content hash. */
const expectedEdition = async (): Promise<Map<string, string>> => {
  const catalogue = editionFixtureCatalogue();
  const tools = await editionTools(catalogue, recommendingSettings(newsletterConfig), CHILD_EDITION, newsletterTestSettings, EDITION_NOW);
  const source = new SyntheticSubscriberSource(
    [...catalogue.films()].map((e) => e.film),
    { count: SUBSCRIBERS, seed: 7 },
  );
  const expected = new Map<string, string>();
  for await (const subscriber of source.subscribers()) {
    const plan = tools.planner.plan(subscriber);
    if (plan.kind === 'newsletter') expected.set(subscriber.userId, tools.renderer.render(plan.newsletter, plan.language).contentHash);
  }
  return expected;
};

const runChild = (env: Record<string, string>): NodeApp => {
  const child = startNodeApp('test/support/newsletter-edition-child.ts', { NL_SUBSCRIBERS: String(SUBSCRIBERS), REDIS_URL, ...env });
  children.push(child);
  return child;
};

/** Every newsletter on disk: userId -> the content hash its JSON rendering carries; throws on a partial set or a staging file. */
const writtenEdition = async (out: string): Promise<Map<string, string>> => {
  const names = await readdir(join(out, CHILD_EDITION.edition));
  expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
  const users = new Set(names.map((n) => n.replace(/\.(html|txt|json)$/, '')));
  const written = new Map<string, string>();
  for (const user of users) {
    for (const ext of ['html', 'txt', 'json']) expect(names).toContain(`${user}.${ext}`);
    const json = JSON.parse(await readFile(join(out, CHILD_EDITION.edition, `${user}.json`), 'utf8')) as { contentHash: string };
    written.set(user, json.contentHash);
  }
  return written;
};

/** Kills every edition process still running and waits for it, so no file is written after a test ends. */
const killChildren = async (): Promise<void> => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(children.splice(0).map((child) => child.exited));
};

afterAll(killChildren);

// The file ledger's run plans in worker threads (the CLI's default), the Redis ledger's in the process itself:
// both must write what the in-thread `expectedEdition` computes.
describe.each([
  ['file', '2'],
  ['redis', '0'],
] as const)('an edition killed with SIGKILL mid-run and run again (%s ledger, %s worker threads)', (ledgerKind, workers) => {
  let out: string;
  const prefix = `test:newsletter-crash:${randomUUID()}:`;
  let redis: Redis | undefined;

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), `newsletter-crash-${ledgerKind}-`));
    if (ledgerKind === 'redis') redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await killChildren();
    await rm(out, { recursive: true, force: true });
    if (redis) {
      await redis.del(`${prefix}newsletter:ledger:${CHILD_EDITION.edition}`, `${prefix}newsletter:ledger-editions`);
      await redis.quit();
    }
  });

  it('produces every due newsletter exactly once, as an uninterrupted run would', async () => {
    const expected = await expectedEdition();
    const env = { NL_OUT: out, NL_LEDGER: ledgerKind, NL_PREFIX: prefix, NL_WORKERS: workers };

    const first = runChild(env);
    // Killed once a good part (but not all) of the edition is recorded.
    await first.waitForLine(/^batch ([1-9]\d\d)$/, 120_000);
    first.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(first.lines.some((l) => l.startsWith('finished'))).toBe(false);

    const second = runChild(env);
    const finished = await second.waitForLine(/^finished /, 120_000);
    expect((await second.exited).code).toBe(0);
    const counts = JSON.parse(finished.slice('finished '.length)) as { produced: number; alreadyDone: number };
    expect(counts.alreadyDone).toBeGreaterThanOrEqual(100);
    expect(counts.alreadyDone + counts.produced).toBe(expected.size);

    // The ledger: every due subscriber once, with the hash of what an uninterrupted run writes.
    const ledger =
      ledgerKind === 'redis'
        ? new Map(Object.entries(await (redis as Redis).hgetall(`${prefix}newsletter:ledger:${CHILD_EDITION.edition}`)))
        : await fileLedger(out);
    expect(ledger).toEqual(expected);
    // The outputs: three files per due subscriber, no staging file left, the same bytes.
    expect(await writtenEdition(out)).toEqual(expected);
  }, 300_000);
});

/** The file ledger's lines: a subscriber recorded twice (a doubled mail) fails here. */
const fileLedger = async (out: string): Promise<Map<string, string>> => {
  const text = await readFile(join(out, 'ledger', `${CHILD_EDITION.edition}.ledger.jsonl`), 'utf8');
  const entries = new Map<string, string>();
  for (const line of text.split('\n').filter(Boolean)) {
    let entry: { u: string; h: string };
    try {
      entry = JSON.parse(line) as { u: string; h: string };
    } catch {
      continue; // the line torn by the kill
    }
    expect(entries.has(entry.u)).toBe(false);
    entries.set(entry.u, entry.h);
  }
  return entries;
};
