import type { FilmEvent, OutgoingMessage } from '@marquee/domain';
import { pick } from '@marquee/random';

/** Header naming a fuzzed message, so its dead letter can be matched to it (dead letters keep the original headers). */
export const FUZZ_ID_HEADER = 'fuzz-id';

export interface FuzzedMessage {
  id: string;
  mutation: string;
  key: string | null;
  value: Buffer | null;
  /** What the dead-letter reason must say. */
  reason: RegExp;
}

type Json = Record<string, unknown>;
type Random = () => number;

interface Mutated {
  value: Json | string | Buffer | null;
  reason: RegExp;
  key?: string | null;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A reason naming the field at this path, e.g. `film.screenings.0.start: ...`. */
const at = (path: string) => new RegExp(`(^|; )${escape(path)}: `);

const screening = (event: Json) => ((event.film as Json).screenings as Json[])[0];
const setPath = (event: Json, path: string, value: unknown) => {
  const keys = path.split('.');
  let target: Json = event;
  for (const key of keys.slice(0, -1)) target = target[key] as Json;
  if (value === undefined) delete target[keys[keys.length - 1]];
  else target[keys[keys.length - 1]] = value;
};

const REQUIRED = [
  'type',
  'eventId',
  'version',
  'occurredAt',
  'film',
  'film.id',
  'film.titles',
  'film.screenings.0.start',
  'film.screenings.0.timeZone',
  'film.screenings.0.venue',
  'film.screenings.0.venue.country',
];
const WRONG_TYPES: [string, unknown][] = [
  ['version', '3'],
  ['version', 1.5],
  ['version', -1],
  ['version', 1e20],
  ['eventId', 42],
  ['film.titles', 'Backstage'],
  ['film.screenings', {}],
  ['film.year', '1999'],
  ['film.genres', 'drama'],
  ['film.screenings.0.venue.lat', 'north'],
  ['film.screenings.0.price.amount', -5],
  ['film.screenings.0.venue.country', 'Belgium'],
  ['film', []],
];
const BAD_DATES = [
  '2026-13-01T10:00:00Z',
  '2026-02-30T10:00:00Z',
  'yesterday',
  '2026-01-01T10:00:00',
  '2026-01-01 10:00:00+01:00',
  '',
  '2026-01-01T25:00:00Z',
  '1700000000',
];
const BAD_ZONES = ['Mars/Olympus', 'Europe/Brusels', 'Not a zone', 'Europe/Brussels/Centre', 'GMT+25', '', '+01:00'];
const UNKNOWN_TYPES = ['film.renamed', 'FILM.ADDED', '', null, 42, 'screening.added'];
const PROTO_PLACES = ['', 'film', 'film.screenings.0', 'film.screenings.0.venue'];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Each mutation turns a valid upsert event (as plain JSON) into something the indexer must refuse, and says why. */
const MUTATIONS: Record<string, (random: Random, event: Json) => Mutated> = {
  'missing field': (random, event) => {
    const path = pick(random, REQUIRED);
    setPath(event, path, undefined);
    return { value: event, reason: path === 'type' ? /type/ : at(path) };
  },
  'wrong type': (random, event) => {
    const [path, value] = pick(random, WRONG_TYPES);
    setPath(event, path, value);
    return { value: event, reason: at(path) };
  },
  'invalid date': (random, event) => {
    const path = pick(random, ['occurredAt', 'film.screenings.0.start', 'film.screenings.0.end']);
    setPath(event, path, pick(random, BAD_DATES));
    return { value: event, reason: at(path) };
  },
  'end before start': (_random, event) => {
    const first = screening(event);
    first.end = new Date(Date.parse(first.start as string) - 60_000).toISOString();
    return { value: event, reason: /film\.screenings\.0\.end: end must be after start/ };
  },
  'invalid time zone': (random, event) => {
    screening(event).timeZone = pick(random, BAD_ZONES);
    return { value: event, reason: at('film.screenings.0.timeZone') };
  },
  'unknown type': (random, event) => {
    event.type = pick(random, UNKNOWN_TYPES);
    return { value: event, reason: /type/ };
  },
  'unknown field': (random, event) => {
    setPath(event, pick(random, ['colour', 'film.colour', 'film.screenings.0.seat']), 'red');
    return { value: event, reason: /Unrecognized key/ };
  },
  'invalid film id': (random, event) => {
    const id = pick(random, ['has spaces', '', 'x'.repeat(200), '../etc/passwd', '-leading-dash']);
    (event.film as Json).id = id;
    return { value: event, key: id, reason: at('film.id') };
  },
  'removal carrying a film': (_random, event) => {
    event.type = 'film.removed';
    return { value: event, reason: /filmId|Unrecognized key/ };
  },
  'prototype key': (random, event) => {
    const key = pick(random, PROTO_KEYS);
    const place = pick(random, PROTO_PLACES);
    const marker = 'fuzz_marker';
    setPath(event, place ? `${place}.${marker}` : marker, 1);
    // Spliced in as text: in an object literal, `__proto__` would set the prototype instead of a key.
    return {
      value: JSON.stringify(event).replace(`"${marker}":1`, `"${key}":{"polluted":true}`),
      reason: new RegExp(`forbidden key "${key}"`),
    };
  },
  'malformed JSON': (random, event) => {
    const json = JSON.stringify(event);
    return { value: json.slice(0, 1 + Math.floor(random() * (json.length - 2))), reason: /malformed JSON/ };
  },
  'garbage bytes': (random) => {
    const bytes = Buffer.alloc(1 + Math.floor(random() * 300));
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
    return { value: bytes, reason: /malformed JSON|\(root\)/ };
  },
  'key not the film id': (random, event) => ({
    value: event,
    key: pick(random, ['someone-else', null, '']),
    reason: /message key "|message has no key/,
  }),
  'no value': (random) =>
    random() < 0.5 ? { value: null, reason: /empty message/ } : { value: Buffer.alloc(0), reason: /malformed JSON|empty message/ },
};

/** Valid JSON of an event, padded with whitespace past the 1 MB event limit (the mock keeps ~5 MiB per partition). */
const oversized = (event: Json): Mutated => {
  const json = JSON.stringify(event);
  return {
    value: `${json}${' '.repeat(1_100_000 - Buffer.byteLength(json))}`,
    reason: /message is 1100000 bytes, the limit is 1000000 bytes/,
  };
};

/**
 * `count` messages the indexer must dead-letter, each a mutation of one of the valid events. Most
 * get a film id of their own (`bad-…`); a third keep a valid film's id with a higher version, so a
 * bad event that slipped through would overwrite a good film. `oversizedCount` of them are over 1 MB.
 */
export const fuzzedEvents = (random: Random, valid: FilmEvent[], count: number, oversizedCount = 3): FuzzedMessage[] => {
  const upserts = valid.filter((e) => e.type !== 'film.removed');
  const names = Object.keys(MUTATIONS);
  const oversizedAt = new Set(Array.from({ length: oversizedCount }, () => Math.floor(random() * count)));
  return Array.from({ length: count }, (_, n) => {
    const base = pick(random, upserts);
    const event = JSON.parse(JSON.stringify(base)) as Json;
    const film = event.film as Json;
    if (random() < 0.66) film.id = `bad-${n}`;
    event.version = (event.version as number) + 100;
    event.eventId = `fuzz-${n}`;
    const key = film.id as string;
    const mutation = oversizedAt.has(n) ? 'oversized' : pick(random, names);
    const mutated = mutation === 'oversized' ? oversized(event) : MUTATIONS[mutation](random, event);
    const value =
      mutated.value === null
        ? null
        : Buffer.isBuffer(mutated.value)
          ? mutated.value
          : Buffer.from(typeof mutated.value === 'string' ? mutated.value : JSON.stringify(mutated.value));
    return { id: `fuzz-${n}`, mutation, key: mutated.key === undefined ? key : mutated.key, value, reason: mutated.reason };
  });
};

export const toFuzzMessage = (fuzzed: FuzzedMessage): OutgoingMessage => ({
  key: fuzzed.key as string,
  value: fuzzed.value,
  headers: { [FUZZ_ID_HEADER]: fuzzed.id },
});
