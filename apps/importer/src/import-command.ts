import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { SingleBar } from 'cli-progress';
import type { EventBus } from '@marquee/domain';
import { formatOf, InteractionImporter, parseMovieLensLinks, type ImportFormat, type ImportReport } from '@marquee/interaction-import';

export const USAGE = 'usage: npm run interactions:import -- FILE [--links LINKS.csv] [--format movielens|jsonl] [--batch N]';

export interface ImportArguments {
  file: string;
  links?: string;
  format: ImportFormat;
  batchSize: number;
}

/** The command line, or why it is wrong. */
export const parseImportArguments = (argv: readonly string[]): ImportArguments | { error: string } => {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) positional.push(argv[i]);
    else if (argv[i + 1] === undefined) return { error: `${argv[i]} needs a value` };
    else flags.set(argv[i].slice(2), argv[++i]);
  }
  const unknown = [...flags.keys()].filter((flag) => !['links', 'format', 'batch'].includes(flag));
  if (unknown.length) return { error: `unknown option --${unknown[0]}` };
  if (positional.length !== 1) return { error: 'name exactly one file to import' };
  const format = flags.get('format') ?? formatOf(positional[0]);
  if (format !== 'movielens' && format !== 'jsonl') return { error: '--format must be movielens or jsonl' };
  const batchSize = Number(flags.get('batch') ?? 500);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)
    return { error: '--batch must be a whole number from 1 to 10000' };
  if (flags.has('links') && format !== 'movielens') return { error: '--links applies to MovieLens CSV only' };
  return { file: positional[0], links: flags.get('links'), format, batchSize };
};

const countLines = async (file: string): Promise<number> => {
  let lines = 0;
  for await (const chunk of createReadStream(file)) for (const byte of chunk as Buffer) if (byte === 10) lines++;
  return lines;
};

/** Reads the file line by line onto `user-interactions` through `bus`, with a progress bar on `progress`. */
export const runImport = async (
  args: ImportArguments,
  bus: EventBus,
  progress: NodeJS.WritableStream = process.stderr,
): Promise<ImportReport> => {
  const links = args.links ? parseMovieLensLinks(readFileSync(args.links, 'utf8')) : undefined;
  const bar = new SingleBar({
    format: 'importing interactions [{bar}] {value}/{total} lines | {eta}s left',
    stream: progress,
    noTTYOutput: true,
    notTTYSchedule: 1_000,
  });
  bar.start(await countLines(args.file), 0);
  const lines = createInterface({ input: createReadStream(args.file, 'utf8'), crlfDelay: Infinity });
  try {
    return await new InteractionImporter(bus).import(lines, {
      format: args.format,
      links,
      batchSize: args.batchSize,
      onProgress: (read) => bar.update(read),
    });
  } finally {
    bar.stop();
    lines.close();
  }
};

/** The summary printed at the end: what was published, and each reason lines were refused for. */
export const describeReport = (report: ImportReport): string =>
  [
    `read ${report.read} lines: ${report.published} interactions published, ${report.refused} refused`,
    ...report.reasons.map(({ reason, lines, firstLine }) => `  ${lines} × ${reason} (first on line ${firstLine})`),
  ].join('\n');
