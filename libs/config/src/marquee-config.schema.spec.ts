import { isEmbedded, snapshotDirectory, validateMarqueeConfig } from './marquee-config.schema';

describe('validateMarqueeConfig', () => {
  it('selects the embedded mode when neither Kafka nor Redis is configured', () => {
    const config = validateMarqueeConfig({});
    expect(isEmbedded(config)).toBe(true);
    expect(config.PORT).toBe(3000);
    expect(config.KAFKA_IDEMPOTENT).toBe(true);
  });

  it('parses brokers and booleans', () => {
    const config = validateMarqueeConfig({
      KAFKA_BROKERS: 'kafka:9092, kafka2:9092',
      API_KEY: 'a-production-key-of-length',
      KAFKA_IDEMPOTENT: 'false',
      PORT: '8080',
    });
    expect(config.KAFKA_BROKERS).toEqual(['kafka:9092', 'kafka2:9092']);
    expect(config.KAFKA_IDEMPOTENT).toBe(false);
    expect(config.PORT).toBe(8080);
    expect(isEmbedded(config)).toBe(false);
  });

  it('fails fast naming every bad variable', () => {
    expect(() => validateMarqueeConfig({ PORT: 'eighty', REDIS_URL: 'not a url', KAFKA_IDEMPOTENT: 'maybe' })).toThrow(
      /PORT[\s\S]*REDIS_URL|REDIS_URL[\s\S]*PORT/,
    );
    expect(() => validateMarqueeConfig({ KAFKA_IDEMPOTENT: 'maybe' })).toThrow(/KAFKA_IDEMPOTENT/);
  });

  it('requires an API key in production mode', () => {
    expect(() => validateMarqueeConfig({ KAFKA_BROKERS: 'kafka:9092' })).toThrow(/API_KEY is required/);
  });

  it('keeps API replica snapshots in data/snapshots with Kafka, where they can be moved or turned off, and never in embedded mode', () => {
    const kafka = { KAFKA_BROKERS: 'kafka:9092', API_KEY: 'a-production-key-of-length' };
    expect(snapshotDirectory(validateMarqueeConfig(kafka))).toBe('data/snapshots');
    expect(snapshotDirectory(validateMarqueeConfig({ ...kafka, SNAPSHOT_DIR: '/var/lib/marquee' }))).toBe('/var/lib/marquee');
    expect(snapshotDirectory(validateMarqueeConfig({ ...kafka, SNAPSHOT_DIR: 'off' }))).toBeUndefined();
    expect(snapshotDirectory(validateMarqueeConfig({}))).toBeUndefined();
    expect(snapshotDirectory(validateMarqueeConfig({ SNAPSHOT_DIR: '/var/lib/marquee' }))).toBeUndefined();
    expect(validateMarqueeConfig({}).SNAPSHOT_INTERVAL_SECONDS).toBe(60);
    expect(() => validateMarqueeConfig({ SNAPSHOT_INTERVAL_SECONDS: '0' })).toThrow(/SNAPSHOT_INTERVAL_SECONDS/);
  });

  it('reads ranking weights and related-events tuning, refusing negative weights and diversity above 1', () => {
    const defaults = validateMarqueeConfig({});
    expect(defaults.RANK_WEIGHT_SEMANTIC).toBe(1);
    expect(defaults.RELATED_DIVERSITY).toBeGreaterThanOrEqual(0);
    const tuned = validateMarqueeConfig({ RANK_WEIGHT_PLACE: '0.5', RELATED_DIVERSITY: '0', RELATED_RERANK_DEPTH: '8' });
    expect(tuned).toMatchObject({ RANK_WEIGHT_PLACE: 0.5, RELATED_DIVERSITY: 0, RELATED_RERANK_DEPTH: 8 });
    expect(() => validateMarqueeConfig({ RANK_WEIGHT_TAGS: '-1' })).toThrow(/RANK_WEIGHT_TAGS/);
    expect(() => validateMarqueeConfig({ RELATED_DIVERSITY: '1.5' })).toThrow(/RELATED_DIVERSITY/);
  });

  it('reads the indexer retry policy, refusing zero tries', () => {
    expect(validateMarqueeConfig({})).toMatchObject({
      INDEXER_RETRY_ATTEMPTS: 4,
      INDEXER_RETRY_BACKOFF_MS: 200,
      INDEXER_RETRY_MAX_BACKOFF_MS: 5_000,
    });
    expect(validateMarqueeConfig({ INDEXER_RETRY_ATTEMPTS: '2', INDEXER_RETRY_BACKOFF_MS: '10' })).toMatchObject({
      INDEXER_RETRY_ATTEMPTS: 2,
      INDEXER_RETRY_BACKOFF_MS: 10,
    });
    expect(() => validateMarqueeConfig({ INDEXER_RETRY_ATTEMPTS: '0' })).toThrow(/INDEXER_RETRY_ATTEMPTS/);
    expect(validateMarqueeConfig({}).KAFKA_FETCH_MAX_WAIT_MS).toBe(1_000);
  });

  it('treats empty variables as unset', () => {
    expect(validateMarqueeConfig({ KAFKA_BROKERS: '', REDIS_URL: '' }).KAFKA_BROKERS).toBeUndefined();
  });
});
