import {
  EventBusUnavailableError,
  type EventBus,
  type LoggerPort,
  type OutgoingMessage,
  type SubscribeOptions,
  type Subscription,
} from '@marquee/domain';
import { CompressionTypes, Kafka, Partitioners, type Admin, type KafkaConfig, type Producer } from 'kafkajs';
import { KafkaLogCreator } from './kafka-log-creator';
import { toKafkaMessage } from './kafka-message';
import { KafkaSubscription } from './kafka-subscription';
import { leaderSyncsLast } from './leader-syncs-last';

export interface KafkaEventBusOptions {
  brokers: string[];
  clientId: string;
  /** Exactly-once appends per partition; off for the librdkafka mock cluster, which rejects it. */
  idempotent: boolean;
  /** A consumer that sends no heartbeat for this long is dropped from its group (kafkajs default 30 s). */
  sessionTimeout?: number;
  heartbeatInterval?: number;
  rebalanceTimeout?: number;
  /**
   * How long a group leader waits before it sends the group's assignment; 0 (default) does not wait.
   * Only for the librdkafka mock cluster, which refuses a follower's SyncGroup that comes after the
   * leader's (see `leaderSyncsLast`).
   */
  groupSyncDelayMs?: number;
  /** Longest a fetch waits for data; also bounds how long `subscribe` waits for the first fetch. */
  maxWaitTimeInMs?: number;
  /** Bounds `ping` so a health check answers even when the cluster does not. */
  pingTimeoutMs?: number;
  logger?: LoggerPort;
  ssl?: KafkaConfig['ssl'];
  sasl?: KafkaConfig['sasl'];
  /** How connections are opened (a proxy, say); kafkajs' plain TCP/TLS sockets by default. */
  socketFactory?: KafkaConfig['socketFactory'];
  connectionTimeout?: number;
  requestTimeout?: number;
  /** How long a publish keeps retrying before it rejects, and how fast a crashed consumer restarts. */
  retry?: KafkaConfig['retry'];
  /**
   * Longest a publish (connecting included) waits for the acknowledgement; then it rejects with
   * `EventBusUnavailableError`. kafkajs may still deliver it later, so a producer that tries
   * again may append it twice (consumers are idempotent: versions, message ids). Default 5 s.
   */
  publishTimeoutMs?: number;
  /** Compress published record batches (gzip: built into kafkajs); none by default. */
  compression?: 'gzip';
}

const DEFAULT_PUBLISH_TIMEOUT_MS = 5_000;

/** Kafka is unreachable (not a message refused): connection errors, as kafkajs names them, anywhere in the cause chain. */
const isConnectionFailure = (error: unknown): boolean => {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { name, cause } = current as { name?: unknown; cause?: unknown };
    if (name === 'KafkaJSConnectionError' || name === 'KafkaJSConnectionClosedError' || name === 'KafkaJSBrokerNotFound') return true;
    current = cause;
  }
  return false;
};

/**
 * The event bus on Kafka (kafkajs). One producer shared by all publishers, connected on first use;
 * one consumer per subscription. Topics must exist: auto-creation is refused because it would
 * create `film-index` without compaction.
 */
export class KafkaEventBus implements EventBus {
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly admin: Admin;
  private readonly logger: LoggerPort;
  private producerConnection?: Promise<void>;
  private adminConnection?: Promise<void>;
  private readonly subscriptions = new Set<KafkaSubscription>();
  private closed = false;

  constructor(private readonly options: KafkaEventBusOptions) {
    this.logger = options.logger ?? console;
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      ssl: options.ssl,
      sasl: options.sasl,
      socketFactory: options.socketFactory,
      connectionTimeout: options.connectionTimeout,
      requestTimeout: options.requestTimeout,
      retry: options.retry,
      logCreator: KafkaLogCreator(this.logger),
    });
    this.producer = this.kafka.producer({
      idempotent: options.idempotent,
      // One request in flight per broker: a retried request can then never overtake a later one,
      // which keeps per-key order even without idempotence.
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.admin = this.kafka.admin();
  }

  async publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    this.assertOpen();
    if (messages.length === 0) return;
    const timeoutMs = this.options.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS;
    const retryAfterSeconds = Math.max(1, Math.ceil(timeoutMs / 1_000));
    const sent = this.connectProducer().then(() =>
      this.producer.send({
        topic,
        acks: -1,
        messages: messages.map(toKafkaMessage),
        ...(this.options.compression === 'gzip' ? { compression: CompressionTypes.GZIP } : {}),
      }),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new EventBusUnavailableError(topic, retryAfterSeconds)), timeoutMs);
    });
    try {
      await Promise.race([sent, timeout]);
    } catch (error) {
      if (error instanceof EventBusUnavailableError || !isConnectionFailure(error)) throw error;
      throw new EventBusUnavailableError(topic, retryAfterSeconds, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.assertOpen();
    for (const [partition, offset] of options.startOffsets ?? []) {
      if (!Number.isInteger(partition) || partition < 0 || !/^\d+$/.test(offset)) {
        throw new RangeError(`startOffsets: partition ${partition}, offset "${offset}" is not a position in ${options.topic}`);
      }
    }
    const { sessionTimeout, heartbeatInterval, rebalanceTimeout, maxWaitTimeInMs = 1_000, groupSyncDelayMs = 0 } = this.options;
    const config = {
      sessionTimeout,
      heartbeatInterval,
      rebalanceTimeout,
      maxWaitTimeInMs,
      allowAutoTopicCreation: false,
      ...(groupSyncDelayMs > 0 ? { partitionAssigners: [leaderSyncsLast(groupSyncDelayMs)] } : {}),
    };
    const subscription = new KafkaSubscription(this.kafka, config, options, {
      logger: this.logger,
      heartbeatInterval: heartbeatInterval ?? 3_000,
      onStopped: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    try {
      await subscription.start();
    } catch (error) {
      await subscription.stop().catch(() => undefined);
      throw error;
    }
    return subscription;
  }

  async endOffsets(topic: string): Promise<Map<number, string>> {
    this.assertOpen();
    await this.connectAdmin();
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return new Map(offsets.map(({ partition, high }) => [partition, high]));
  }

  async ping(): Promise<void> {
    this.assertOpen();
    const timeoutMs = this.options.pingTimeoutMs ?? 5_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Kafka did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.connectAdmin().then(() => this.admin.describeCluster()), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.subscriptions].map((s) => s.stop()));
    await Promise.allSettled([this.producerConnection && this.producer.disconnect(), this.adminConnection && this.admin.disconnect()]);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the Kafka event bus is closed');
  }

  /** Connects once; a failed attempt is forgotten so the next call tries again. */
  private connectProducer(): Promise<void> {
    this.producerConnection ??= this.producer.connect().catch((error: unknown) => {
      this.producerConnection = undefined;
      throw error;
    });
    return this.producerConnection;
  }

  private connectAdmin(): Promise<void> {
    this.adminConnection ??= this.admin.connect().catch((error: unknown) => {
      this.adminConnection = undefined;
      throw error;
    });
    return this.adminConnection;
  }
}
