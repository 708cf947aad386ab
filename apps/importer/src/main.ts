/**
 * Loads interaction history onto `user-interactions`:
 *   npm run interactions:import -- ratings.csv --links links.csv     # MovieLens userId,movieId,rating,timestamp
 *   npm run interactions:import -- interactions.jsonl                # one POST /interactions body per line
 * With KAFKA_BROKERS the interactions go to Kafka, where the profiler and the other consumers read
 * them; without it they go to an in-process bus that ends with this command: a dry run that
 * validates the file and counts what would be refused.
 */
import { isEmbedded, validateMarqueeConfig } from '@marquee/config';
import type { EventBus } from '@marquee/domain';
import { InProcessEventBus } from '@marquee/event-bus';
import { KafkaEventBus } from '@marquee/kafka';
import { describeReport, parseImportArguments, runImport, USAGE } from './import-command';

const main = async (): Promise<void> => {
  const args = parseImportArguments(process.argv.slice(2));
  if ('error' in args) {
    console.error(`${args.error}\n${USAGE}`);
    process.exit(2);
  }
  const config = validateMarqueeConfig({ API_KEY: 'not-needed-for-importing', ...process.env });
  let bus: EventBus;
  if (isEmbedded(config)) {
    console.error('KAFKA_BROKERS not set: a dry run on an in-process bus (the file is validated and counted, nothing is kept)');
    bus = new InProcessEventBus();
  } else {
    bus = new KafkaEventBus({
      brokers: config.KAFKA_BROKERS as string[],
      clientId: `${config.KAFKA_CLIENT_ID}-importer`,
      idempotent: config.KAFKA_IDEMPOTENT,
    });
  }
  try {
    console.log(describeReport(await runImport(args, bus)));
  } finally {
    await bus.close();
  }
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
