import type { UserPreferences } from '@marquee/domain';
import type { UserProfile } from './user-profile';

/**
 * Compact binary form of a profile, as Redis stores it: the film sets and preferences as JSON, then
 * each interest's unit direction as int16 (|error| ≤ 1/65534 per component, a quarter of float32
 * JSON text), then the applied interaction ids as 16 raw bytes each with their receipt time.
 */
const FORMAT = 1;
const INT16_SCALE = 32_767;
const UUID_BYTES = 16;
const APPLIED_BYTES = UUID_BYTES + 8;

interface ProfileJson {
  u: string;
  v: number;
  c: number;
  t: number;
  s: string[];
  b: string[];
  d: string[];
  l: string[];
  x?: [string, string[], number];
  p: Partial<UserPreferences>;
  e: [string, number, number][];
  /** Interests: weight, at, count, dimension. */
  i: [number, number, number, number][];
  n: number;
  a: number;
}

const uuidBytes = (id: string): Buffer => {
  const hex = id.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new TypeError(`not a UUID: ${id}`);
  return Buffer.from(hex, 'hex');
};

const uuidText = (bytes: Buffer): string => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

export function encodeProfile(profile: UserProfile): Buffer {
  const json: ProfileJson = {
    u: profile.userId,
    v: profile.version,
    c: profile.createdAt,
    t: profile.updatedAt,
    s: [...profile.seen],
    b: [...profile.booked],
    d: [...profile.dismissed],
    l: [...profile.liked],
    ...(profile.lastSent ? { x: [profile.lastSent.edition, [...profile.lastSent.filmIds], profile.lastSent.at] } : {}),
    p: profile.preferences,
    e: profile.engaged.map((e) => [e.filmId, e.score, e.at]),
    i: profile.interests.map((c) => [c.weight, c.at, c.count, c.direction.length]),
    n: profile.applied.length,
    a: profile.appliedUpTo,
  };
  const head = Buffer.from(JSON.stringify(json), 'utf8');
  const vectorBytes = profile.interests.reduce((sum, c) => sum + c.direction.length * 2, 0);
  const out = Buffer.alloc(5 + head.length + vectorBytes + profile.applied.length * APPLIED_BYTES);
  out.writeUInt8(FORMAT, 0);
  out.writeUInt32LE(head.length, 1);
  head.copy(out, 5);
  let offset = 5 + head.length;
  for (const { direction } of profile.interests) {
    for (let i = 0; i < direction.length; i++, offset += 2)
      out.writeInt16LE(Math.round(Math.max(-1, Math.min(1, direction[i])) * INT16_SCALE), offset);
  }
  for (const { interactionId, receivedAt } of profile.applied) {
    uuidBytes(interactionId).copy(out, offset);
    out.writeDoubleLE(receivedAt, offset + UUID_BYTES);
    offset += APPLIED_BYTES;
  }
  return out;
}

export function decodeProfile(bytes: Buffer): UserProfile {
  if (bytes.length < 5 || bytes.readUInt8(0) !== FORMAT) throw new TypeError('not an encoded profile of a known format');
  const headLength = bytes.readUInt32LE(1);
  const json = JSON.parse(bytes.toString('utf8', 5, 5 + headLength)) as ProfileJson;
  let offset = 5 + headLength;
  const interests = json.i.map(([weight, at, count, dimension]) => {
    const direction = new Float32Array(dimension);
    for (let i = 0; i < dimension; i++, offset += 2) direction[i] = bytes.readInt16LE(offset) / INT16_SCALE;
    return { direction, weight, at, count };
  });
  const applied = Array.from({ length: json.n }, () => {
    const entry = {
      interactionId: uuidText(bytes.subarray(offset, offset + UUID_BYTES)),
      receivedAt: bytes.readDoubleLE(offset + UUID_BYTES),
    };
    offset += APPLIED_BYTES;
    return entry;
  });
  return {
    userId: json.u,
    version: json.v,
    createdAt: json.c,
    updatedAt: json.t,
    interests,
    seen: json.s,
    booked: json.b,
    dismissed: json.d,
    liked: json.l,
    ...(json.x ? { lastSent: { edition: json.x[0], filmIds: json.x[1], at: json.x[2] } } : {}),
    preferences: json.p,
    engaged: json.e.map(([filmId, score, at]) => ({ filmId, score, at })),
    applied,
    appliedUpTo: json.a,
  };
}
