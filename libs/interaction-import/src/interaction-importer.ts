import {
  toUserInteractionEvent,
  Topics,
  UserInteractionInputSchema,
  userInteractionKey,
  validate,
  type EventBus,
  type OutgoingMessage,
} from '@marquee/domain';
import { importedInteractionId } from './interaction-id';
import { MOVIELENS_HEADER, movieLensRating, type MovieLensLinks, type RowOutcome } from './movielens';

export type ImportFormat = 'movielens' | 'jsonl';

export interface ImportOptions {
  format: ImportFormat;
  /** MovieLens only: movieId → film id; without it films are named `movielens-<movieId>`. */
  links?: MovieLensLinks;
  /** Interactions per publish. */
  batchSize: number;
  /** Called after each published batch with the lines read so far. */
  onProgress?: (linesRead: number) => void;
  clock?: () => Date;
}

export interface ImportReport {
  /** Data lines read (header and blank lines not counted). */
  read: number;
  published: number;
  refused: number;
  /** Refused lines per reason, most frequent first. */
  reasons: { reason: string; lines: number; firstLine: number }[];
}

/** The format of a file from its name: `.jsonl`/`.ndjson` hold one interaction per line, anything else is MovieLens CSV. */
export const formatOf = (file: string): ImportFormat => (/\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : 'movielens');

const jsonLine = (line: string): RowOutcome => {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  return { ok: true, input: value as never };
};

/**
 * Loads interaction history (a MovieLens ratings CSV or JSONL interactions) onto `user-interactions`
 * through the event bus, each line validated by the schema `POST /interactions` uses. Bad lines are
 * counted by reason and skipped; nothing else stops the import. Ids are derived from the lines, so
 * importing a file again publishes nothing new to consumers.
 */
export class InteractionImporter {
  constructor(private readonly bus: EventBus) {}

  async import(lines: AsyncIterable<string>, options: ImportOptions): Promise<ImportReport> {
    const clock = options.clock ?? (() => new Date());
    const reasons = new Map<string, { lines: number; firstLine: number }>();
    const report: ImportReport = { read: 0, published: 0, refused: 0, reasons: [] };
    let pending: OutgoingMessage[] = [];
    let lineNumber = 0;
    const refuse = (reason: string) => {
      report.refused++;
      const known = reasons.get(reason);
      if (known) known.lines++;
      else reasons.set(reason, { lines: 1, firstLine: lineNumber });
    };
    const flush = async () => {
      if (pending.length === 0) return;
      await this.bus.publish(Topics.userInteractions, pending);
      report.published += pending.length;
      pending = [];
      options.onProgress?.(report.read);
    };

    for await (const raw of lines) {
      lineNumber++;
      const line = raw.trim();
      if (line === '' || (options.format === 'movielens' && lineNumber === 1 && line.startsWith(MOVIELENS_HEADER.split(',')[0]))) continue;
      report.read++;
      const row = options.format === 'movielens' ? movieLensRating(line, options.links) : jsonLine(line);
      if (!row.ok) {
        refuse(row.reason);
        continue;
      }
      const parsed = validate(UserInteractionInputSchema, row.input);
      if (!parsed.ok) {
        refuse(parsed.reason);
        continue;
      }
      const event = toUserInteractionEvent(parsed.value, importedInteractionId(parsed.value), clock());
      pending.push({ key: userInteractionKey(event), value: JSON.stringify(event) });
      if (pending.length >= options.batchSize) await flush();
    }
    await flush();
    options.onProgress?.(report.read);
    report.reasons = [...reasons]
      .map(([reason, { lines, firstLine }]) => ({ reason, lines, firstLine }))
      .sort((a, b) => b.lines - a.lines || a.firstLine - b.firstLine);
    return report;
  }
}
