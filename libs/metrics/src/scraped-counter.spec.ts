import { Registry } from 'prom-client';
import { scrapedCounter } from './scraped-counter';

describe('scrapedCounter', () => {
  it('exports the totals as a counter, advanced by what they grew between scrapes', async () => {
    const registry = new Registry();
    const totals = { indexed: 0, deadLettered: 0 };
    scrapedCounter(registry, { name: 'test_events_total', help: 'events', labelName: 'outcome', read: () => ({ ...totals }) });

    expect(await registry.metrics()).toMatch(
      /# TYPE test_events_total counter\ntest_events_total\{outcome="indexed"\} 0\ntest_events_total\{outcome="deadLettered"\} 0/,
    );
    totals.indexed = 5;
    await registry.metrics();
    totals.indexed = 7;
    totals.deadLettered = 1;
    const text = await registry.metrics();
    expect(text).toContain('test_events_total{outcome="indexed"} 7');
    expect(text).toContain('test_events_total{outcome="deadLettered"} 1');
  });

  it('takes a single total without a label', async () => {
    const registry = new Registry();
    let rejected = 2;
    scrapedCounter(registry, { name: 'test_rejected_total', help: 'rejected', read: () => ({ '': rejected }) });
    await registry.metrics();
    rejected = 3;
    expect(await registry.metrics()).toContain('test_rejected_total 3');
  });
});
