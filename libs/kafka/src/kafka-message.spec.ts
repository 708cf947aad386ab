import { decodeHeaders, toIncomingMessage, toKafkaMessage } from './kafka-message';

describe('Kafka message mapping', () => {
  it('decodes header buffers to strings and keeps the last of repeated headers', () => {
    expect(decodeHeaders({ a: Buffer.from('één'), b: 'plain', c: [Buffer.from('1'), Buffer.from('2')], d: undefined })).toEqual({
      a: 'één',
      b: 'plain',
      c: '2',
    });
    expect(decodeHeaders(undefined)).toEqual({});
  });

  it('maps a record to an incoming message, tombstones included', () => {
    const record = {
      key: Buffer.from('film-1'),
      value: null,
      timestamp: '1767225600000',
      attributes: 0,
      offset: '42',
      headers: { 'marquee-version': Buffer.from('7') },
    };
    expect(toIncomingMessage('film-index', 2, record)).toEqual({
      topic: 'film-index',
      partition: 2,
      offset: '42',
      key: 'film-1',
      value: null,
      headers: { 'marquee-version': '7' },
      timestamp: '1767225600000',
    });
    expect(toIncomingMessage('t', 0, { ...record, key: null }).key).toBeNull();
  });

  it('sends headers only when there are some', () => {
    expect(toKafkaMessage({ key: 'k', value: 'v' })).toEqual({ key: 'k', value: 'v' });
    expect(toKafkaMessage({ key: 'k', value: null, headers: {} })).toEqual({ key: 'k', value: null });
    expect(toKafkaMessage({ key: 'k', value: 'v', headers: { h: '1' } })).toEqual({ key: 'k', value: 'v', headers: { h: '1' } });
  });
});
