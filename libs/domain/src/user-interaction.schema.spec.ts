import { randomUUID } from 'node:crypto';
import { validate } from './parse';
import {
  toUserInteractionEvent,
  UserInteractionEventSchema,
  UserInteractionInputSchema,
  userInteractionKey,
} from './user-interaction.schema';

const valid = { recommendationId: randomUUID(), eventId: 'invasion-loznitsa-2024', type: 'click', position: 2 };
const reasonFor = (value: unknown): string => {
  const result = validate(UserInteractionInputSchema, value);
  if (result.ok) throw new Error('expected a rejection');
  return result.reason;
};

describe('user interactions', () => {
  it('accepts impressions, clicks and bookings, and builds the topic event', () => {
    const input = validate(UserInteractionInputSchema, valid);
    expect(input.ok).toBe(true);
    if (!input.ok) return;
    const receivedAt = new Date();
    const event = toUserInteractionEvent(input.value, randomUUID(), receivedAt);
    expect(validate(UserInteractionEventSchema, event).ok).toBe(true);
    expect(event.occurredAt).toBe(receivedAt.toISOString());
    expect(userInteractionKey(event)).toBe(valid.recommendationId);
    expect(userInteractionKey({ ...event, userId: 'u-42' })).toBe('u-42');
  });

  it('names the offending field', () => {
    expect(reasonFor({ ...valid, recommendationId: 'abc' })).toMatch(/^recommendationId:/);
    expect(reasonFor({ ...valid, type: 'hover' })).toMatch(/^type:/);
    expect(reasonFor({ ...valid, position: 0 })).toMatch(/^position:/);
    expect(reasonFor({ ...valid, eventId: '../etc' })).toMatch(/^eventId:/);
    expect(reasonFor({ ...valid, userId: 'jan@example.org' })).toMatch(/^userId:/);
    expect(reasonFor({ ...valid, occurredAt: new Date(Date.now() + 3_600_000).toISOString() })).toMatch(
      /^occurredAt: must not be in the future/,
    );
    expect(reasonFor({ ...valid, occurredAt: '2020-01-01T00:00:00Z' })).toMatch(/^occurredAt: must be within the last 7 days/);
    expect(reasonFor({ ...valid, extra: 1 })).toMatch(/extra/);
  });
});
