import type { ThemeModel, UserInteractionEvent } from '@marquee/domain';
import { fold } from '@marquee/text';
import { audienceMember, userMember } from './audience-member';
import type { AudienceStore, OffsetRange, TopicInteraction, WeekUpdate } from './audience-store.port';
import { ALL, cellKey, cityPlace, filmSubject, themeSubject, venuePlace } from './cells';
import { isoWeek, weekStartMs } from './iso-week';

/** Interactions that say something about interest; preferences and newsletter deliveries do not. */
export const COUNTED_TYPES = ['view', 'impression', 'click', 'like', 'booking', 'dismiss', 'rating', 'search'] as const;
const COUNTED: ReadonlySet<string> = new Set(COUNTED_TYPES);
/** A search counts towards the themes of its first results. */
const SEARCH_RESULTS_COUNTED = 3;
const MAX_SEARCH_TEXT = 80;
/** Audience members whose hashed keys are remembered. */
const MEMBER_CACHE = 200_000;

const isErased = (event: UserInteractionEvent, erased: ReadonlyMap<string, number>): boolean => {
  if (event.userId === undefined || erased.size === 0) return false;
  const at = erased.get(event.userId);
  return at !== undefined && Date.parse(event.occurredAt) <= at;
};

/**
 * A random (version-4) UUID is drawn anew for every interaction published: another copy of it can
 * only be a redelivery of the same offset. Name-based ids (the importer's, Marquee's own) come
 * again when their source is imported or sent again, at other offsets.
 */
const isRandomId = (id: string): boolean => id.charCodeAt(14) === 52; // '4' in xxxxxxxx-xxxx-4xxx-…

/** Search text as kept in aggregate: folded, spaces collapsed. */
export const searchText = (query: string): string => fold(query).replace(/\s+/g, ' ').slice(0, MAX_SEARCH_TEXT);

/**
 * Turns interactions into aggregates: counts per theme × place × ISO week and per film by type,
 * audience sketches per cell, search texts in aggregate. Idempotent by `interactionId` (a replay
 * or redelivery adds nothing twice), and an erased user's interactions from before the erasure are
 * left out, also on replay.
 */
export class AudienceAggregator {
  constructor(
    private readonly store: AudienceStore,
    private readonly themes: () => ThemeModel | undefined,
  ) {}

  /**
   * Adds the interactions of a flush (the batches of many partitions, each in offset order);
   * resolves to how many it applied. Two round trips to the store, whatever the flush's size: the
   * erasure lookup, the weeks' fences and the seen-ids checks together, then every week's update.
   * An interaction at or before its week's fence of its partition was applied already (a
   * redelivery or a replay); a random (version-4) id is new at a new offset, so only other ids are
   * looked up in, and added to, the week's seen set.
   */
  async add(interactions: readonly TopicInteraction[]): Promise<number> {
    const byWeek = new Map<string, Map<string, TopicInteraction>>();
    const weekOfDay = new Map<number, string>();
    const users = new Set<string>();
    for (const interaction of interactions) {
      const { event } = interaction;
      if (!COUNTED.has(event.type)) continue;
      const day = Math.floor(Date.parse(event.occurredAt) / 86_400_000);
      let week = weekOfDay.get(day);
      if (week === undefined) {
        week = isoWeek(day * 86_400_000);
        weekOfDay.set(day, week);
      }
      let list = byWeek.get(week);
      if (list === undefined) {
        list = new Map();
        byWeek.set(week, list);
      }
      // A copy within the flush counts once.
      if (!list.has(event.interactionId)) list.set(event.interactionId, interaction);
      if (event.userId !== undefined) users.add(event.userId);
    }
    if (byWeek.size === 0) return 0;
    const weeks = [...byWeek];
    const remembered = weeks.map(([, list]) => [...list.keys()].filter((id) => !isRandomId(id)));
    const [erased, fences, unseen] = await Promise.all([
      this.erasures([...users]),
      this.store.fences(weeks.map(([week]) => week)),
      Promise.all(weeks.map(([week], w) => this.store.unseen(week, remembered[w]))),
    ]);
    const updates: WeekUpdate[] = [];
    let applied = 0;
    weeks.forEach(([week, list], w) => {
      const fence = fences[w];
      const seen = new Set(remembered[w].filter((_, i) => !unseen[w][i]));
      const kept: TopicInteraction[] = [];
      for (const interaction of list.values()) {
        if (interaction.offset <= (fence.get(interaction.partition) ?? -1) || seen.has(interaction.event.interactionId)) continue;
        // An erased user's interactions from before the erasure are left out (and not marked applied).
        if (!isErased(interaction.event, erased)) kept.push(interaction);
      }
      if (kept.length === 0) return;
      updates.push(this.weekUpdate(week, kept));
      applied += kept.length;
    });
    if (updates.length > 0) await this.store.apply(updates);
    return applied;
  }

  async erase(userId: string, atMs: number): Promise<void> {
    await this.store.recordErasure(userMember(userId), atMs);
  }

  /** The erased users among these, with when they were erased. */
  private async erasures(users: string[]): Promise<Map<string, number>> {
    if (users.length === 0) return new Map();
    const erasedAt = await this.store.erasedAt(users.map((user) => this.userMember(user)));
    return new Map(users.flatMap((user, i) => (erasedAt[i] === undefined ? [] : [[user, erasedAt[i] as number] as const])));
  }

  /**
   * Hashing is most of a batch's CPU after parsing: members are remembered across batches (a
   * user's key never changes), up to a bound.
   */
  private readonly memberKeys = new Map<string, string | undefined>();

  private memberKey(id: string, compute: () => string | undefined): string | undefined {
    let key = this.memberKeys.get(id);
    if (key === undefined && !this.memberKeys.has(id)) {
      if (this.memberKeys.size >= MEMBER_CACHE) this.memberKeys.clear();
      key = compute();
      this.memberKeys.set(id, key);
    }
    return key;
  }

  private userMember(userId: string): string {
    return this.memberKey(`u:${userId}`, () => userMember(userId)) as string;
  }

  private weekUpdate(week: string, interactions: readonly TopicInteraction[]): WeekUpdate {
    const model = this.themes();
    const events = interactions.map((i) => i.event);
    const offsets = new Map<number, OffsetRange>();
    for (const { partition, offset } of interactions) {
      const range = offsets.get(partition);
      if (range === undefined) offsets.set(partition, { first: offset, last: offset });
      else {
        range.first = Math.min(range.first, offset);
        range.last = Math.max(range.last, offset);
      }
    }
    const update: WeekUpdate = {
      week,
      weekStartMs: weekStartMs(Date.parse(events[0].occurredAt)),
      offsets,
      interactionIds: events.flatMap((e) => (isRandomId(e.interactionId) ? [] : [e.interactionId])),
      counts: new Map(),
      members: new Map(),
      searches: new Map(),
    };
    const count = (cell: string, type: string, member: string | undefined) => {
      const byType = update.counts.get(cell) ?? new Map<string, number>();
      byType.set(type, (byType.get(type) ?? 0) + 1);
      update.counts.set(cell, byType);
      if (member === undefined) return;
      const members = update.members.get(cell) ?? new Set<string>();
      members.add(member);
      update.members.set(cell, members);
    };
    const primaryTheme = (filmId: string): string | undefined => model?.shares[filmId]?.[0]?.themeId;
    // A batch repeats its users and places: hash and fold each once.
    const memberOf = (event: UserInteractionEvent): string | undefined =>
      event.userId === undefined
        ? this.memberKey(`r:${event.recommendationId}`, () => audienceMember(event))
        : this.userMember(event.userId);
    const placeKeys = new Map<string, string>();
    const placeKey = (name: string, key: (name: string) => string): string => {
      let found = placeKeys.get(name);
      if (found === undefined) {
        found = key(name);
        placeKeys.set(name, found);
      }
      return found;
    };
    for (const event of events) {
      const member = memberOf(event);
      const places = [ALL];
      if (event.context?.city) places.push(placeKey(`c${event.context.city}`, () => cityPlace(event.context?.city as string)));
      if (event.context?.venue) places.push(placeKey(`v${event.context.venue}`, () => venuePlace(event.context?.venue as string)));
      const films =
        'filmId' in event ? [event.filmId] : event.type === 'search' ? (event.filmIds ?? []).slice(0, SEARCH_RESULTS_COUNTED) : [];
      const themes = new Set(films.flatMap((filmId) => primaryTheme(filmId) ?? []));
      for (const place of places) {
        count(cellKey(ALL, place), event.type, member);
        for (const themeId of themes) count(cellKey(themeSubject(themeId), place), event.type, member);
      }
      if ('filmId' in event) count(cellKey(filmSubject(event.filmId), ALL), event.type, member);
      if (event.type === 'search') {
        const text = searchText(event.query);
        const entry = update.searches.get(text) ?? { count: 0, members: new Set<string>() };
        entry.count += 1;
        if (member !== undefined) entry.members.add(member);
        update.searches.set(text, entry);
      }
    }
    return update;
  }
}
