import { isEmbedded, validateMarqueeConfig } from './marquee-config.schema';

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

  it('treats empty variables as unset', () => {
    expect(validateMarqueeConfig({ KAFKA_BROKERS: '', REDIS_URL: '' }).KAFKA_BROKERS).toBeUndefined();
  });
});
