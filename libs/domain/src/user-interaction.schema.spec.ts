import { randomUUID } from 'node:crypto';
import { validate } from './parse';
import { UserErasureEventSchema } from './user-erasure.schema';
import {
  FeedbackInputSchema,
  filmOfInteraction,
  toUserInteractionEvent,
  UserInteractionEventSchema,
  UserInteractionInputSchema,
  userInteractionKey,
} from './user-interaction.schema';

const filmId = 'invasion-loznitsa-2024';
const valid = { recommendationId: randomUUID(), filmId, type: 'click', position: 2 };
const reasonFor = (schema: Parameters<typeof validate>[0], value: unknown): string => {
  const result = validate(schema, value);
  if (result.ok) throw new Error(`expected a rejection of ${JSON.stringify(value)}`);
  return result.reason;
};

describe('user interactions', () => {
  it('accepts a click on the beacon and builds the topic event', () => {
    const input = validate(FeedbackInputSchema, valid);
    if (!input.ok) throw new Error(input.reason);
    const receivedAt = new Date();
    const event = toUserInteractionEvent(input.value, randomUUID(), receivedAt);
    const topic = validate(UserInteractionEventSchema, event);
    if (!topic.ok) throw new Error(topic.reason);
    expect(topic.value).toMatchObject({ type: 'click', filmId, position: 2, occurredAt: receivedAt.toISOString() });
    expect(userInteractionKey(event)).toBe(valid.recommendationId);
    expect(userInteractionKey({ ...event, userId: 'u-42' })).toBe('u-42');
    expect(userInteractionKey({ ...event, recommendationId: undefined })).toBe(event.interactionId);
  });

  it('still parses messages of the first contract: eventId for the film, recommendationId always set', () => {
    const published = {
      recommendationId: randomUUID(),
      eventId: filmId,
      type: 'booking',
      position: 1,
      userId: 'visitor-7',
      interactionId: randomUUID(),
      occurredAt: '2025-03-01T10:00:00.000Z',
      receivedAt: '2025-03-01T10:00:01.000Z',
    };
    const parsed = validate(UserInteractionEventSchema, published);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.value).toMatchObject({ type: 'booking', filmId, userId: 'visitor-7' });
    expect('eventId' in parsed.value).toBe(false);
    expect(filmOfInteraction(parsed.value)).toBe(filmId);
    const { interactionId: _i, receivedAt: _r, occurredAt: _o, ...input } = published;
    expect(validate(FeedbackInputSchema, { ...input, type: 'impression' }).ok).toBe(true);
  });

  it('takes every interaction type from trusted servers, with the fields each needs', () => {
    const user = { userId: 'u-1' };
    const inputs = [
      { type: 'view', filmId, context: { city: 'Gent', venue: 'Sphinx Cinema', source: 'site' } },
      { type: 'like', filmId, ...user },
      { type: 'dismiss', filmId, ...user, recommendationId: randomUUID() },
      { type: 'rating', filmId, rating: 4.5, ...user, occurredAt: '1999-12-31T23:00:00Z' },
      { type: 'preferences', ...user, preferences: { city: 'Gent', languages: ['nl', 'en'], avoidGenres: ['Horror'], newsletter: true } },
      { type: 'preferences', ...user, preferences: { location: { lat: 51.05, lon: 3.72 } } },
      { type: 'search', query: 'oorlog documentaire', filmIds: [filmId], context: { city: 'Antwerpen' } },
      { type: 'sent', filmIds: [filmId], edition: '2026-W50', ...user },
    ];
    for (const input of inputs) {
      const result = validate(UserInteractionInputSchema, input);
      if (!result.ok) throw new Error(`${input.type}: ${result.reason}`);
      const event = toUserInteractionEvent(result.value, randomUUID(), new Date());
      expect(validate(UserInteractionEventSchema, event).ok).toBe(true);
    }
    const location = validate(UserInteractionInputSchema, inputs[5]);
    expect(location.ok && location.value.type === 'preferences' && location.value.preferences.location?.radiusKm).toBe(25);
  });

  it('names the offending field', () => {
    const schema = UserInteractionInputSchema;
    expect(reasonFor(FeedbackInputSchema, { ...valid, recommendationId: 'abc' })).toMatch(/^recommendationId:/);
    expect(reasonFor(FeedbackInputSchema, { ...valid, type: 'hover' })).toMatch(/^type:/);
    expect(reasonFor(FeedbackInputSchema, { ...valid, position: 0 })).toMatch(/^position:/);
    expect(reasonFor(FeedbackInputSchema, { ...valid, filmId: '../etc' })).toMatch(/^filmId:/);
    expect(reasonFor(FeedbackInputSchema, { ...valid, filmId: undefined, eventId: '../etc' })).toMatch(/^filmId:/);
    expect(reasonFor(FeedbackInputSchema, { ...valid, userId: 'jan@example.org' })).toMatch(/^userId:/);
    expect(reasonFor(FeedbackInputSchema, { ...valid, occurredAt: new Date(Date.now() + 3_600_000).toISOString() })).toMatch(
      /^occurredAt: must not be in the future/,
    );
    expect(reasonFor(FeedbackInputSchema, { ...valid, occurredAt: '2020-01-01T00:00:00Z' })).toMatch(
      /^occurredAt: must be within the last 7 days/,
    );
    expect(reasonFor(FeedbackInputSchema, { ...valid, extra: 1 })).toMatch(/extra/);
    expect(reasonFor(FeedbackInputSchema, { type: 'preferences', userId: 'u', preferences: { city: 'Gent' } })).toMatch(/^type:/);
    expect(reasonFor(schema, { type: 'rating', filmId, rating: 4.2, userId: 'u' })).toMatch(/^rating: must be in half stars/);
    expect(reasonFor(schema, { type: 'rating', filmId, rating: 4 })).toMatch(/^userId:/);
    expect(reasonFor(schema, { type: 'preferences', userId: 'u', preferences: {} })).toMatch(/^preferences: must set at least one/);
    expect(reasonFor(schema, { type: 'preferences', userId: 'u', preferences: { languages: ['dutch!'] } })).toMatch(
      /^preferences\.languages\.0:/,
    );
    expect(reasonFor(schema, { type: 'search', query: 'x'.repeat(201) })).toMatch(/^query:/);
    expect(reasonFor(schema, { type: 'sent', filmIds: [], edition: 'w', userId: 'u' })).toMatch(/^filmIds:/);
    expect(reasonFor(schema, { type: 'view', filmId, context: { source: 'Widget!' } })).toMatch(/^context\.source:/);
  });

  it('describes an erasure of one user', () => {
    expect(validate(UserErasureEventSchema, { erasureId: randomUUID(), userId: 'u-1', requestedAt: new Date().toISOString() }).ok).toBe(
      true,
    );
    expect(reasonFor(UserErasureEventSchema, { erasureId: randomUUID(), userId: 'a b', requestedAt: new Date().toISOString() })).toMatch(
      /^userId:/,
    );
  });
});
