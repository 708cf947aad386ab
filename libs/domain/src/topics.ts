/** Topic names, in one place so producers, consumers, the Kafka mock launcher and docs agree. */
export const Topics = {
  filmEvents: 'film-events',
  filmEventsDeadLetter: 'film-events.dlq',
  filmIndex: 'film-index',
  userInteractions: 'user-interactions',
  userInteractionsDeadLetter: 'user-interactions.dlq',
  userErasures: 'user-erasures',
  /** One message per subscriber and edition (key = userId) for the mailer. */
  newsletters: 'newsletters',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];
