import { parseArgs } from 'node:util';
import { EditionSpecSchema, type EditionSpec } from '@marquee/newsletter';
import { z } from 'zod';

export interface CliOptions {
  spec: EditionSpec;
  /** Files go here; undefined with `--publish` alone: the topic only. */
  out?: string;
  publish: boolean;
  subscribersFile?: string;
  /** Generated subscribers over the catalogue (the embedded demo). */
  demoSubscribers?: number;
  workers: number;
}

const count = z.coerce.number().int().min(1).max(10_000_000);

export const USAGE = `npm run newsletter -- --edition 2026-W50 --from 2026-12-07 --to 2026-12-20
  [--city NAME] [--segment NAME] [--limit 6] [--out DIR] [--publish]
  [--subscribers FILE.jsonl | --demo-subscribers N] [--workers N]`;

/** The command line, validated with the edition's own schema; throws a message naming what is wrong. */
export const parseCliOptions = (
  argv: readonly string[],
  defaults: { limit: number; outDirectory: string; workers: number; embedded: boolean },
): CliOptions => {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      edition: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      city: { type: 'string' },
      segment: { type: 'string' },
      limit: { type: 'string' },
      out: { type: 'string' },
      publish: { type: 'boolean', default: false },
      subscribers: { type: 'string' },
      'demo-subscribers': { type: 'string' },
      workers: { type: 'string' },
    },
    strict: true,
  });
  const parsed = EditionSpecSchema.safeParse({
    edition: values.edition,
    from: values.from,
    to: values.to,
    city: values.city,
    segment: values.segment,
    limit: values.limit === undefined ? defaults.limit : Number(values.limit),
  });
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.') || 'edition'}: ${i.message}`).join('\n'));
  }
  if (values.subscribers && values['demo-subscribers']) throw new Error('give --subscribers or --demo-subscribers, not both');
  const demoSubscribers =
    values['demo-subscribers'] !== undefined
      ? count.parse(values['demo-subscribers'])
      : !values.subscribers && defaults.embedded
        ? 500
        : undefined;
  return {
    spec: parsed.data,
    out: values.out ?? (values.publish ? undefined : defaults.outDirectory),
    publish: values.publish ?? false,
    subscribersFile: values.subscribers,
    demoSubscribers,
    workers: values.workers === undefined ? defaults.workers : count.max(256).parse(values.workers),
  };
};
