import type { Subscriber } from '../subscriber';

/** Where an edition's subscribers come from: the profile store, a JSONL file, synthetic ones in benches. */
export interface SubscriberSource {
  /** Every known user with newsletter preferences, streamed (an edition never holds them all). */
  subscribers(): AsyncIterable<Subscriber>;
  /** One user, for the preview. */
  subscriber(userId: string): Promise<Subscriber | undefined>;
}

export const SUBSCRIBER_SOURCE = Symbol('SubscriberSource');
