import { DEVELOPMENT_API_KEY, usesDevelopmentKey, validateMarqueeConfig } from './marquee-config.schema';
import { httpSettings } from './settings';

const kafka = { KAFKA_BROKERS: 'kafka:9092', API_KEY: 'a-production-key-of-length' };

describe('HTTP settings', () => {
  it('listens on loopback only in embedded mode, on every interface with Kafka, and where HOST says in either', () => {
    expect(httpSettings(validateMarqueeConfig({})).host).toBe('127.0.0.1');
    expect(httpSettings(validateMarqueeConfig(kafka)).host).toBe('0.0.0.0');
    expect(httpSettings(validateMarqueeConfig({ HOST: '0.0.0.0' })).host).toBe('0.0.0.0');
    expect(httpSettings(validateMarqueeConfig({ ...kafka, HOST: '10.1.2.3' })).host).toBe('10.1.2.3');
  });
});

describe('TRUST_PROXY', () => {
  it('trusts no proxy by default, else all, a hop count or the addresses it names', () => {
    const trust = (TRUST_PROXY?: string) => httpSettings(validateMarqueeConfig({ TRUST_PROXY })).trustProxy;
    expect(trust()).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('TRUE')).toBe(true);
    expect(trust('2')).toBe(2);
    expect(trust('loopback, 10.0.0.0/8,fd00::/8')).toBe('loopback, 10.0.0.0/8,fd00::/8');
    expect(() => validateMarqueeConfig({ TRUST_PROXY: 'every one!' })).toThrow(/TRUST_PROXY: true, false, a hop count/);
  });
});

describe('the development API key', () => {
  it('is what embedded mode uses when API_KEY is unset, outside production', () => {
    expect(usesDevelopmentKey(validateMarqueeConfig({}))).toBe(true);
    expect(usesDevelopmentKey(validateMarqueeConfig({ NODE_ENV: 'test' }))).toBe(true);
    expect(usesDevelopmentKey(validateMarqueeConfig({ API_KEY: 'a-secret-of-16-chars-or-more' }))).toBe(false);
  });

  it('is refused with NODE_ENV=production in any mode, unset or given explicitly', () => {
    const refusal = /API_KEY: NODE_ENV=production refuses the public development key/;
    expect(() => validateMarqueeConfig({ NODE_ENV: 'production' })).toThrow(refusal);
    expect(() => validateMarqueeConfig({ NODE_ENV: 'production', API_KEY: DEVELOPMENT_API_KEY })).toThrow(refusal);
    expect(() => validateMarqueeConfig({ ...kafka, NODE_ENV: 'production', API_KEY: DEVELOPMENT_API_KEY })).toThrow(refusal);
    expect(validateMarqueeConfig({ NODE_ENV: 'production', API_KEY: 'a-secret-of-16-chars-or-more' }).API_KEY).toBe(
      'a-secret-of-16-chars-or-more',
    );
  });
});
