import type { TopicInteraction } from '@marquee/audience';
import type { UserInteractionEvent } from '@marquee/domain';

/**
 * Interactions as a one-partition topic holds them: each interaction gets the next offset the
 * first time it is seen, and the same offset whenever it comes again (a redelivery or a replay).
 */
export const topicOf = () => {
  const offsets = new Map<string, number>();
  return (events: readonly UserInteractionEvent[]): TopicInteraction[] =>
    events.map((event) => {
      let offset = offsets.get(event.interactionId);
      if (offset === undefined) {
        offset = offsets.size;
        offsets.set(event.interactionId, offset);
      }
      return { event, partition: 0, offset };
    });
};
