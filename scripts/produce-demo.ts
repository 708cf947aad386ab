/**
 * Publishes the bundled demo catalogue to Kafka (`film-events`), e.g. into the docker-compose stack:
 *   KAFKA_BROKERS=localhost:9094 API_KEY=... npm run produce:demo
 */
import { validateMarqueeConfig } from '@marquee/config';
import { demoFilmEvents } from '@marquee/demo-catalogue';
import { filmIdOf, FilmEventSchema, Topics } from '@marquee/domain';
import { KafkaEventBus } from '@marquee/kafka';

const main = async (): Promise<void> => {
  const config = validateMarqueeConfig({ API_KEY: 'not-needed-for-producing', ...process.env });
  if (!config.KAFKA_BROKERS) throw new Error('KAFKA_BROKERS must be set, e.g. KAFKA_BROKERS=localhost:9094');
  const bus = new KafkaEventBus({
    brokers: config.KAFKA_BROKERS,
    clientId: `${config.KAFKA_CLIENT_ID}-demo-producer`,
    idempotent: config.KAFKA_IDEMPOTENT,
  });
  const events = demoFilmEvents(new Date()).map((input) => FilmEventSchema.parse(input));
  try {
    await bus.publish(
      Topics.filmEvents,
      events.map((event) => ({ key: filmIdOf(event), value: JSON.stringify(event) })),
    );
    console.log(`published ${events.length} film events to ${Topics.filmEvents} on ${config.KAFKA_BROKERS.join(',')}`);
  } finally {
    await bus.close();
  }
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
