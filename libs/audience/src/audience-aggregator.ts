import type { ThemeModel, UserInteractionEvent } from '@marquee/domain';
import { fold } from '@marquee/text';
import { audienceMember, userMember } from './audience-member';
import type { AudienceStore, OffsetRange, TopicInteraction, WeekUpdate } from './audience-store.port';
import { ALL, cellKey, cityPlace, filmSubject, themeSubject, venuePlace } from './cells';
import { isoWeek, weekStartMs } from './iso-week';

/** Interactions that say something about interest; preferences and newsletter deliveries do not. */
export const COUNTED_TYPES = ['view', 'impression', 'click', 'like', 'booking', 'dismiss', 'rating', 'search'] as const;
const COUNTED: ReadonlySet<string> = new Set(COUNTED_TYPES);
const TYPE_INDEX: ReadonlyMap<string, number> = new Map(COUNTED_TYPES.map((type, i) => [type, i]));
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

/** One cell's counts (by index in COUNTED_TYPES) and members within a week's update. */
interface Tally {
  counts: number[];
  members: Set<string>;
}

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
    const byWeek = new Map<string, { all: TopicInteraction[]; remembered: string[] }>();
    const weekOfDay = new Map<number, string>();
    const users = new Set<string>();
    const named = new Set<string>();
    for (const interaction of interactions) {
      const { event } = interaction;
      if (!COUNTED.has(event.type)) continue;
      const random = isRandomId(event.interactionId);
      // A copy of a name-based id within the flush counts once (a random id is only ever at one offset).
      if (!random) {
        if (named.has(event.interactionId)) continue;
        named.add(event.interactionId);
      }
      const day = Math.floor(Date.parse(event.occurredAt) / 86_400_000);
      let week = weekOfDay.get(day);
      if (week === undefined) {
        week = isoWeek(day * 86_400_000);
        weekOfDay.set(day, week);
      }
      let list = byWeek.get(week);
      if (list === undefined) {
        list = { all: [], remembered: [] };
        byWeek.set(week, list);
      }
      list.all.push(interaction);
      if (!random) list.remembered.push(event.interactionId);
      if (event.userId !== undefined) users.add(event.userId);
    }
    if (byWeek.size === 0) return 0;
    const weeks = [...byWeek];
    const [erased, fences, unseen] = await Promise.all([
      this.erasures([...users]),
      this.store.fences(weeks.map(([week]) => week)),
      Promise.all(weeks.map(([week, { remembered }]) => this.store.unseen(week, remembered))),
    ]);
    const updates: WeekUpdate[] = [];
    let applied = 0;
    weeks.forEach(([week, { all, remembered }], w) => {
      const fence = fences[w];
      const seen = new Set(remembered.filter((_, i) => !unseen[w][i]));
      const kept: TopicInteraction[] = [];
      for (const interaction of all) {
        if (interaction.offset <= (fence.get(interaction.partition) ?? -1)) continue;
        if (seen.size > 0 && seen.has(interaction.event.interactionId)) continue;
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
   * user's key never changes), up to a bound; users and anonymous visitors apart, so that looking
   * one up builds no string.
   */
  private readonly userKeys = new Map<string, string>();
  private readonly visitorKeys = new Map<string | undefined, string | undefined>();

  private userMember(userId: string): string {
    let key = this.userKeys.get(userId);
    if (key === undefined) {
      if (this.userKeys.size >= MEMBER_CACHE) this.userKeys.clear();
      key = userMember(userId);
      this.userKeys.set(userId, key);
    }
    return key;
  }

  private memberOf(event: UserInteractionEvent): string | undefined {
    if (event.userId !== undefined) return this.userMember(event.userId);
    const { recommendationId } = event;
    let key = this.visitorKeys.get(recommendationId);
    if (key === undefined && !this.visitorKeys.has(recommendationId)) {
      if (this.visitorKeys.size >= MEMBER_CACHE) this.visitorKeys.clear();
      key = audienceMember(event);
      this.visitorKeys.set(recommendationId, key);
    }
    return key;
  }

  /** Folded place keys, remembered like members (a place's key never changes). */
  private readonly placeKeys = new Map<string, string>();

  private placeKey(kind: 'city' | 'venue', name: string): string {
    const id = kind === 'city' ? `c${name}` : `v${name}`;
    let key = this.placeKeys.get(id);
    if (key === undefined) {
      if (this.placeKeys.size >= MEMBER_CACHE) this.placeKeys.clear();
      key = kind === 'city' ? cityPlace(name) : venuePlace(name);
      this.placeKeys.set(id, key);
    }
    return key;
  }

  private weekUpdate(week: string, interactions: readonly TopicInteraction[]): WeekUpdate {
    const model = this.themes();
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
      weekStartMs: weekStartMs(Date.parse(interactions[0].event.occurredAt)),
      offsets,
      interactionIds: interactions.flatMap(({ event }) => (isRandomId(event.interactionId) ? [] : [event.interactionId])),
      counts: new Map(),
      members: new Map(),
      searches: new Map(),
    };
    // Counts by type index while tallying, as Maps once at the end: a few array slots per cell, not a Map per count.
    const tallies = new Map<string, Tally>();
    const tally = (cell: string): Tally => {
      let found = tallies.get(cell);
      if (found === undefined) {
        found = { counts: new Array<number>(COUNTED_TYPES.length).fill(0), members: new Set() };
        tallies.set(cell, found);
      }
      return found;
    };
    const primaryTheme = (filmId: string): string | undefined => model?.shares[filmId]?.[0]?.themeId;
    const cellsOf = (films: readonly string[], city: string | undefined, venue: string | undefined): Tally[] => {
      const places = [ALL];
      if (city) places.push(this.placeKey('city', city));
      if (venue) places.push(this.placeKey('venue', venue));
      const themes = new Set(films.flatMap((filmId) => primaryTheme(filmId) ?? []));
      const cells: Tally[] = [];
      for (const place of places) {
        cells.push(tally(cellKey(ALL, place)));
        for (const themeId of themes) cells.push(tally(cellKey(themeSubject(themeId), place)));
      }
      return cells;
    };
    // An interaction with one film counts in the cells of its film, city and venue: found once per combination.
    const byFilm = new Map<string, Map<string | undefined, Map<string | undefined, Tally[]>>>();
    const filmCells = (filmId: string, city: string | undefined, venue: string | undefined): Tally[] => {
      let byCity = byFilm.get(filmId);
      if (byCity === undefined) byFilm.set(filmId, (byCity = new Map()));
      let byVenue = byCity.get(city);
      if (byVenue === undefined) byCity.set(city, (byVenue = new Map()));
      let cells = byVenue.get(venue);
      if (cells === undefined) {
        cells = cellsOf([filmId], city, venue);
        cells.push(tally(cellKey(filmSubject(filmId), ALL)));
        byVenue.set(venue, cells);
      }
      return cells;
    };
    for (const { event } of interactions) {
      const member = this.memberOf(event);
      const type = TYPE_INDEX.get(event.type) as number;
      const city = event.context?.city || undefined;
      const venue = event.context?.venue || undefined;
      const cells =
        'filmId' in event
          ? filmCells(event.filmId, city, venue)
          : cellsOf(event.type === 'search' ? (event.filmIds ?? []).slice(0, SEARCH_RESULTS_COUNTED) : [], city, venue);
      for (const cell of cells) {
        cell.counts[type] += 1;
        if (member !== undefined) cell.members.add(member);
      }
      if (event.type === 'search') {
        const text = searchText(event.query);
        const entry = update.searches.get(text) ?? { count: 0, members: new Set<string>() };
        entry.count += 1;
        if (member !== undefined) entry.members.add(member);
        update.searches.set(text, entry);
      }
    }
    for (const [cell, { counts, members }] of tallies) {
      const byType = new Map<string, number>();
      counts.forEach((n, t) => n > 0 && byType.set(COUNTED_TYPES[t], n));
      update.counts.set(cell, byType);
      if (members.size > 0) update.members.set(cell, members);
    }
    return update;
  }
}
